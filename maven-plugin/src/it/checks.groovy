// Shared checks for the integration tests' verify.groovy scripts: evaluate this file, then call.
import groovy.json.JsonSlurper

import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec
import java.nio.charset.StandardCharsets

def json(File file) {
    assert file.isFile(): "missing ${file}"
    new JsonSlurper().parse(file)
}

/** Checks a client token: signed with the key, audience = url, user id in both claims, expiry. */
def checkToken(String token, String key, String url, String userId, long lifetimeSeconds) {
    def parts = token.split('\\.')
    assert parts.length == 3
    def mac = Mac.getInstance('HmacSHA256')
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), 'HmacSHA256'))
    def signature = Base64.urlEncoder.withoutPadding()
            .encodeToString(mac.doFinal("${parts[0]}.${parts[1]}".getBytes(StandardCharsets.US_ASCII)))
    assert signature == parts[2]: 'token signature does not match the access key'
    def claims = new JsonSlurper().parseText(new String(Base64.urlDecoder.decode(parts[1]), StandardCharsets.UTF_8))
    assert claims.aud == url || claims.aud == [url]
    assert claims.nameid == userId
    assert claims.'asrs.s.uid' == userId
    assert claims.exp - claims.iat == lifetimeSeconds
    long now = System.currentTimeMillis().intdiv(1000)
    assert claims.iat <= now && claims.iat > now - 600
    claims
}

/** Checks that no secret appears in build.log or in any file under the output directory. */
void checkNoSecrets(File basedir, List<String> secrets) {
    def files = [new File(basedir, 'build.log')]
    def output = new File(basedir, 'target/signalr-anon')
    if (output.isDirectory()) {
        output.eachFileRecurse(groovy.io.FileType.FILES) { files << it }
    }
    files.each { file ->
        def text = file.getText('UTF-8')
        secrets.each { secret -> assert !text.contains(secret): "${file.name} contains a secret" }
    }
}

return this
