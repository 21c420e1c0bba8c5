import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec
import java.nio.charset.StandardCharsets

def checks = evaluate(new File(itDirectory, 'checks.groovy'))
def log = new File(basedir, 'build.log').getText('UTF-8')
def out = new File(basedir, 'target/signalr-anon')
def emulatorKey = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH'
def visitorKey = 'aXQtdmlzaXRvci1rZXktMi0wMTIzNDU2Nzg5YWJjZGVmZ2hpams='
def oldVisitorKey = 'aXQtdmlzaXRvci1rZXktMS0wMTIzNDU2Nzg5YWJjZGVmZ2hpams='

assert !new File(out, 'negotiate/function.json').exists()
assert log.contains('Wrote no negotiate/function.json: the Functions binding cannot verify a signed cookie (signed-cookie:sa_vid)')
assert log.contains('Visitor keys from the environment (key ids k2, k1): tokens.json gets a signed visitorCookie per test user')

def negotiate = checks.json(new File(out, 'negotiate.json'))
assert negotiate.userId == [source: 'signed-cookie', name: 'sa_vid']
assert negotiate.allowedOrigins == ['https://shop.example', 'http://localhost:3000']
assert negotiate.rateLimit == [perSecond: 5.0, burst: 10]
assert negotiate.tokenLifetimeSeconds == 900

// each cookie is v1.<base64url id>.<exp>.k2.<HMAC-SHA256 with k2>, expiring with its token
def tokens = checks.json(new File(out, 'tokens.json'))
assert tokens.tokens*.userId == ['web-14575006', 'app-14575006']
tokens.tokens.each { entry ->
    def fields = entry.visitorCookie.split('\\.')
    assert fields.length == 5 && fields[0] == 'v1' && fields[3] == 'k2'
    assert new String(Base64.urlDecoder.decode(fields[1]), StandardCharsets.UTF_8) == entry.userId
    assert fields[2] as long == java.time.Instant.parse(entry.expiresAt).epochSecond
    def mac = Mac.getInstance('HmacSHA256')
    mac.init(new SecretKeySpec(Base64.decoder.decode(visitorKey), 'HmacSHA256'))
    def expected = Base64.urlEncoder.withoutPadding().encodeToString(
            mac.doFinal(fields[0..3].join('.').getBytes(StandardCharsets.US_ASCII)))
    assert fields[4] == expected
    assert !log.contains(entry.visitorCookie)
    assert !log.contains(entry.accessToken)
}
checks.checkNoSecrets(basedir, [emulatorKey, visitorKey, oldVisitorKey])
