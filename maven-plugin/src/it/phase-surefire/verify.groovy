def checks = evaluate(new File(itDirectory, 'checks.groovy'))
def log = new File(basedir, 'build.log').getText('UTF-8')
def out = new File(basedir, 'target/signalr-anon')
def key = 'it-server-secret-key-0123456789'
def url = 'https://it-server.service.signalr.net/client/?hub=offers'

assert log.contains("Connection string from settings.xml server 'signalr-it'")
assert log.indexOf('--- signalr-anon:') >= 0 && log.indexOf('--- signalr-anon:') < log.indexOf('--- surefire:'): 'the goal runs before the tests'
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')
assert log.contains('BUILD SUCCESS')

def tokens = checks.json(new File(out, 'tokens.json'))
checks.checkToken(tokens.tokens[0].accessToken, key, url, 'visitor-1', 3600)
assert !log.contains(tokens.tokens[0].accessToken)
checks.checkNoSecrets(basedir, [key])
