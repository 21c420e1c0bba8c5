def checks = evaluate(new File(itDirectory, 'checks.groovy'))
def log = new File(basedir, 'build.log').getText('UTF-8')
def out = new File(basedir, 'target/signalr-anon')
def key = 'it-env-secret-key-0123456789'
def url = 'https://it-env.service.signalr.net/client/?hub=offers'

assert log.contains('[DEBUG]')
assert log.contains('Connection string from environment variable AzureSignalRConnectionString (client endpoint https://it-env.service.signalr.net)')
assert checks.json(new File(out, 'negotiate.json')).url == url
def tokens = checks.json(new File(out, 'tokens.json'))
checks.checkToken(tokens.tokens[0].accessToken, key, url, 'test-user', 3600)
assert !log.contains(tokens.tokens[0].accessToken)
checks.checkNoSecrets(basedir, [key])
