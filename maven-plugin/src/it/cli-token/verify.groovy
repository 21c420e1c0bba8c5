def checks = evaluate(new File(itDirectory, 'checks.groovy'))
def log = new File(basedir, 'build.log').getText('UTF-8')
def out = new File(basedir, 'target/signalr-anon')
def emulatorKey = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH'
def url = 'http://localhost:8888/client/?hub=offers'

assert log.contains('[WARNING] No connection string')
assert log.contains('the test tokens are for local use only')

def function = checks.json(new File(out, 'negotiate/function.json'))
assert function.bindings.size() == 3
assert function.bindings[0] == [authLevel: 'anonymous', type: 'httpTrigger', direction: 'in', name: 'req',
                                methods: ['post'], route: 'negotiate']
assert function.bindings[1] == [type: 'http', direction: 'out', name: 'res']
assert function.bindings[2] == [type: 'signalRConnectionInfo', name: 'connectionInfo', hubName: 'offers',
                                userId: '{headers.x-ms-signalr-userid}',
                                connectionStringSetting: 'AzureSignalRConnectionString', direction: 'in']

def negotiate = checks.json(new File(out, 'negotiate.json'))
assert negotiate.hub == 'offers'
assert negotiate.url == url
assert negotiate.userId == [source: 'header', name: 'x-ms-signalr-userid']
assert negotiate.tokenLifetimeSeconds == 3600

def tokens = checks.json(new File(out, 'tokens.json'))
assert tokens.tokens*.userId == ['test-user', 'ecid-4711']
tokens.tokens.each { entry ->
    def claims = checks.checkToken(entry.accessToken, emulatorKey, url, entry.userId, 3600)
    assert entry.url == url
    assert java.time.Instant.parse(entry.expiresAt).epochSecond == claims.exp
    assert !log.contains(entry.accessToken)
}

assert log.contains('Wrote ' + new File(out, 'negotiate/function.json').path)
assert log.contains('Wrote ' + new File(out, 'negotiate.json').path)
assert log.contains('Wrote ' + new File(out, 'tokens.json').path + ': 2 test token(s) for test-user, ecid-4711')
assert log.contains('Set project properties signalr-anon.url and signalr-anon.token.test-user, signalr-anon.token.ecid-4711')

// the help goal documents every parameter with its default
['connectionStringEnv', 'connectionStringSetting', 'hub', 'lifetime', 'outputDirectory', 'route', 'serverId',
 'skip', 'userIds', 'userIdSource'].each { assert log =~ /(?m)^    ${it}( \(Default: .+\))?\r?$/: it }
assert log.contains('User property: signalr-anon.userIdSource')
assert log.contains('Default: header:x-ms-signalr-userid')

checks.checkNoSecrets(basedir, [emulatorKey])
