def checks = evaluate(new File(itDirectory, 'checks.groovy'))
def log = new File(basedir, 'build.log').getText('UTF-8')

assert log.contains('BUILD FAILURE')
assert log.contains('SIGNALR_ANON_VISITOR_KEYS: key k1 is 16 bytes long: a visitor key must be at least 32 random bytes')
assert !new File(basedir, 'target/signalr-anon/tokens.json').exists()
checks.checkNoSecrets(basedir, ['c2hvcnQtYnV0LXNlY3JldA=='])
