def checks = evaluate(new File(itDirectory, 'checks.groovy'))
def log = new File(basedir, 'build.log').getText('UTF-8')
def out = new File(basedir, 'target/signalr-anon')
def emulatorKey = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH'
def url = 'http://localhost:8888/client/?hub=offers'

assert !new File(out, 'negotiate/function.json').exists()
assert log.contains('[WARNING] Wrote no negotiate/function.json: Azure Functions binding expressions cannot read one cookie (cookie:visitor_id)')

def negotiate = checks.json(new File(out, 'negotiate.json'))
assert negotiate.userId == [source: 'cookie', name: 'visitor_id']
assert negotiate.userIdClaims == ['nameid', 'asrs.s.uid']

def tokens = checks.json(new File(out, 'tokens.json'))
assert tokens.tokens*.userId == ['anon-1', 'anon-2']
tokens.tokens.each { checks.checkToken(it.accessToken, emulatorKey, url, it.userId, 3600) }
tokens.tokens.each { assert !log.contains(it.accessToken) }
checks.checkNoSecrets(basedir, [emulatorKey])
