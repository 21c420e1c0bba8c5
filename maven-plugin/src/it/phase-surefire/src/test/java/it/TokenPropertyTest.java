package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenPropertyTest {

    @Test
    void theTokenOfTheTestUserReachesTheTest() {
        String url = System.getProperty("signalr.url");
        String token = System.getProperty("signalr.token");

        assertEquals("https://it-server.service.signalr.net/client/?hub=offers", url);
        String[] parts = token.split("\\.");
        assertEquals(3, parts.length, "a JWT");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertTrue(claims.contains("\"nameid\":\"visitor-1\""), claims);
        assertTrue(claims.contains("\"aud\":\"" + url + "\""), claims);
    }
}
