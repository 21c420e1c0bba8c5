def checks = evaluate(new File(itDirectory, 'checks.groovy'))
def log = new File(basedir, 'build.log').getText('UTF-8')
def out = new File(basedir, 'target/signalr-anon')
def key = 'it-query-secret-key-0123456789'
def url = 'https://edge.it-query.example/client/?hub=chat'

assert log.contains('[DEBUG]')
assert log.contains('Connection string from property signalr-anon.connectionString (client endpoint https://edge.it-query.example)')

def function = checks.json(new File(out, 'negotiate/function.json'))
assert function.bindings[0].route == 'chat/negotiate'
assert function.bindings[2].hubName == 'Chat'
assert function.bindings[2].userId == '{query.userid}'
assert log.contains('[WARNING] The negotiate endpoint takes the visitor id from the query:userid: it trusts the client,'
        + ' so any caller can claim any visitor id')

def negotiate = checks.json(new File(out, 'negotiate.json'))
assert negotiate.url == url
assert negotiate.userId == [source: 'query', name: 'userid']
assert negotiate.tokenLifetime == 'PT10M'
assert negotiate.tokenLifetimeSeconds == 600

def tokens = checks.json(new File(out, 'tokens.json'))
assert tokens.tokens*.userId == ['q-user']
checks.checkToken(tokens.tokens[0].accessToken, key, url, 'q-user', 600)
checks.checkNoSecrets(basedir, [key])
assert !log.contains(tokens.tokens[0].accessToken)
