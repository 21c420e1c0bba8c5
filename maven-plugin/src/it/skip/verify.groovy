def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('[INFO] Skipping signalr-anon:token (signalr-anon.skip=true)')
assert !new File(basedir, 'target/signalr-anon').exists()
assert !log.contains('Wrote ')
