def checks = evaluate(new File(itDirectory, 'checks.groovy'))
def log = new File(basedir, 'build.log').getText('UTF-8')

assert log.contains('BUILD FAILURE')
assert log.contains('invalid connection string from property signalr-anon.connectionString: Endpoint must be an'
        + ' absolute http or https URL')
assert log.contains('fix the value of signalr-anon.connectionString')
assert !new File(basedir, 'target/signalr-anon').exists()
checks.checkNoSecrets(basedir, ['it-invalid-secret-key-0123456789'])
