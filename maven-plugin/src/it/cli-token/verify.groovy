def checks = evaluate(new File(itDirectory, 'checks.groovy'))
def log = new File(basedir, 'build.log').getText('UTF-8')
def out = new File(basedir, 'target/signalr-anon')
def emulatorKey = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH'
def url = 'http://localhost:8888/client/?hub=offers'

assert log.contains('[WARNING] No connection string')
assert log.contains('the test tokens are for local use only')

// the default source is the signed cookie sa_vid: no function.json, which could not verify it
assert !new File(out, 'negotiate/function.json').exists()
assert log.contains('Wrote no negotiate/function.json: the Functions binding cannot verify a signed cookie')

def negotiate = checks.json(new File(out, 'negotiate.json'))
assert negotiate.hub == 'offers'
assert negotiate.url == url
assert negotiate.userId == [source: 'signed-cookie', name: 'sa_vid']
assert negotiate.allowedOrigins == []
assert negotiate.rateLimit == [perSecond: 10.0, burst: 20]
assert negotiate.tokenLifetimeSeconds == 3600
assert !log.contains('trusts the client')

def tokens = checks.json(new File(out, 'tokens.json'))
assert tokens.tokens*.userId == ['test-user', 'ecid-4711']
tokens.tokens.each { entry ->
    def claims = checks.checkToken(entry.accessToken, emulatorKey, url, entry.userId, 3600)
    assert entry.url == url
    assert java.time.Instant.parse(entry.expiresAt).epochSecond == claims.exp
    assert !log.contains(entry.accessToken)
}

assert log.contains('Wrote ' + new File(out, 'negotiate.json').path)
assert log.contains('Wrote ' + new File(out, 'tokens.json').path + ': 2 test token(s) for test-user, ecid-4711')
assert log.contains('Set project properties signalr-anon.url and signalr-anon.token.test-user, signalr-anon.token.ecid-4711')

// the help goal documents every parameter with its default
['allowedOrigins', 'connectionStringEnv', 'connectionStringSetting', 'hub', 'lifetime', 'outputDirectory',
 'rateLimitBurst', 'rateLimitPerSecond', 'route', 'serverId', 'skip', 'userIds', 'userIdSource'].each { assert log =~ /(?m)^    ${it}( \(Default: .+\))?\r?$/: it }
assert log.contains('User property: signalr-anon.userIdSource')
assert log.contains('Default: signed-cookie:sa_vid')

checks.checkNoSecrets(basedir, [emulatorKey])
