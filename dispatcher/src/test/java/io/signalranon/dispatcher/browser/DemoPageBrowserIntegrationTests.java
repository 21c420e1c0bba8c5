package io.signalranon.dispatcher.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.client.ConnectionString;
import io.signalranon.client.SignalRRestClient;
import io.signalranon.dispatcher.support.ChildJvm;
import io.signalranon.emulator.SignalREmulator;
import io.signalranon.negotiate.visitor.VisitorKeys;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The demo page in a real browser: headless Chromium (the system's browser and chromedriver; nothing is
 * downloaded) opens the emulator's demo page, gets a new visitor with a signed HttpOnly cookie,
 * {@code dispatcher.jar run} sends to that visitor (mapped in users.csv to a CDP id of the export), and
 * the page shows the offer's title. A screenshot is kept in {@code target/browser/}. Skips with one line
 * where no Chromium is found; {@code -Dsignalr.test.browser=required} fails instead. Then the service
 * stops and comes back on the same port, and the page connects again as the same visitor.
 */
class DemoPageBrowserIntegrationTests {

    private static final String REQUIRED = "signalr.test.browser";
    private static final List<String> BROWSERS =
            List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    private static final String CDP_ID = "14575006536349286404619648085736425115";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final VisitorKeys KEYS = VisitorKeys.parse("k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");

    @TempDir
    Path dir;

    @Test
    void theDemoPageShowsTheOfferTheDispatcherSentToItsSignedVisitor() throws Exception {
        // given
        Optional<String> browser = firstExisting(BROWSERS);
        Optional<String> driverBinary = firstExisting(DRIVERS);
        if (browser.isEmpty() || driverBinary.isEmpty()) {
            String missing = "demo page browser test skipped: no Chromium and chromedriver found (apt-get install"
                    + " chromium chromium-driver; -D" + REQUIRED + "=required fails instead)";
            if ("required".equals(System.getProperty(REQUIRED))) {
                throw new IllegalStateException(missing.replace("skipped", "failed"));
            }
            System.out.println(missing);
            Assumptions.abort(missing);
        }
        Files.writeString(dir.resolve("offers.json"), """
                {"placements": [{"id": "hero", "maxItems": 1}],
                 "offers": [{"id": "cart-10", "placement": "hero", "priority": 90, "eligibility": "cart_abandoners",
                   "content": {"title": "10% off your cart", "body": "Use code CART10 at checkout.", "code": "CART10",
                               "cta": {"label": "Back to my cart", "url": "/cart"}}}]}
                """);
        Files.writeString(dir.resolve("changes.csv"), """
                user_id,segment,status,timestamp
                %s,cart_abandoners,enter,2026-11-30T10:00:00Z
                """.formatted(CDP_ID));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(driverBinary.get()))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(browser.get())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--window-size=1000,900",
                        "--user-data-dir=" + Files.createDirectory(dir.resolve("chromium-profile")));
        try (SignalREmulator emulator = SignalREmulator.builder()
                .port(0)
                .demo(true)
                .visitorKeys(KEYS)
                .build()
                .start()) {
            WebDriver page = new ChromeDriver(service, options);
            try {
                page.get("http://localhost:" + emulator.port() + "/");
                String visitorId = await("a signed visitor, connected", () -> {
                    String id = page.findElement(By.tagName("body")).getDomAttribute("data-visitor-id");
                    return id != null && text(page, "state").equals("connected") ? id : null;
                });
                Files.writeString(
                        dir.resolve("users.csv"), "user_id,cdp_id,consent\n" + visitorId + "," + CDP_ID + ",y\n");

                // when
                ChildJvm.Result run = ChildJvm.run(
                        dir,
                        Map.of("SIGNALR_CONNECTION_STRING", emulator.connectionString()),
                        Map.of(),
                        "run",
                        "--input=csv:" + dir.resolve("changes.csv"),
                        "--users=" + dir.resolve("users.csv"),
                        "--offers=" + dir.resolve("offers.json"),
                        "--as-of=2026-12-01T12:00:00Z");

                // then
                assertThat(run.exitCode()).as(run.text()).isZero();
                String title = await(
                        "the offer on the page",
                        () -> page.findElements(By.className("offer-title")).stream()
                                .map(WebElement::getText)
                                .findFirst()
                                .orElse(null));
                assertThat(text(page, "offers")).contains("CART10").contains("Back to my cart");
                assertThat(page.findElement(By.cssSelector("a.cta")).getDomProperty("href"))
                        .isEqualTo("http://localhost:" + emulator.port() + "/cart");
                screenshot(page, "demo-page-first-offer.png");
                String sent =
                        emulator.acceptedForUser("offers", visitorId).get(0).argumentsJson();
                resend(emulator, visitorId, sent);
                resend(
                        emulator,
                        visitorId,
                        "[{\"messageId\":\"m-2\",\"offers\":[{\"id\":\"free-returns\","
                                + "\"placement\":\"hero\",\"content\":{\"title\":\"Free returns\"}}]}]");
                await(
                        "the next offer",
                        () -> page.findElements(By.className("offer-title")).stream()
                                .map(WebElement::getText)
                                .filter("Free returns"::equals)
                                .findFirst()
                                .orElse(null));
                screenshot(page, "demo-page.png");
                assertThat(page.findElements(By.cssSelector("#history li")))
                        .as("the message sent twice (same messageId) is shown once")
                        .hasSize(2);
                assertThat(visitorId).matches("v-[A-Za-z0-9_-]{22}");
                assertThat(title).isEqualTo("10% off your cart");
                assertThat(text(page, "history")).contains("message m-2").contains("cart-10");
                assertThat(emulator.acceptedForUser("offers", visitorId)).hasSize(3);
                Cookie cookie = page.manage().getCookieNamed("sa_vid");
                assertThat(cookie.isHttpOnly()).isTrue();
                assertThat(cookie.isSecure()).isTrue();
                assertThat((String) ((JavascriptExecutor) page).executeScript("return document.cookie"))
                        .as("scripts cannot read the visitor cookie")
                        .doesNotContain("sa_vid");

                // and when the service goes away and comes back, the page connects again as the same visitor
                int port = emulator.port();
                emulator.close();
                await(
                        "the page to see the connection lost",
                        () -> text(page, "state").startsWith("connected") ? null : "lost");
                try (SignalREmulator again = SignalREmulator.builder()
                        .port(port)
                        .demo(true)
                        .visitorKeys(KEYS)
                        .build()
                        .start()) {
                    await("the page connected again", () -> again.isConnected("offers", visitorId) ? "yes" : null);
                    resend(
                            again,
                            visitorId,
                            "[{\"messageId\":\"m-3\",\"offers\":[{\"id\":\"welcome-back\","
                                    + "\"placement\":\"hero\",\"content\":{\"title\":\"Welcome back\"}}]}]");
                    await(
                            "the offer after reconnecting",
                            () -> page.findElements(By.className("offer-title")).stream()
                                    .map(WebElement::getText)
                                    .filter("Welcome back"::equals)
                                    .findFirst()
                                    .orElse(null));
                    assertThat(text(page, "state")).isEqualTo("connected");
                    assertThat(text(page, "visitor")).isEqualTo(visitorId);
                }
            } finally {
                page.quit();
            }
        } finally {
            service.stop();
        }
    }

    private static void resend(SignalREmulator emulator, String visitorId, String argumentsJson) {
        try (SignalRRestClient rest = SignalRRestClient.builder(ConnectionString.parse(emulator.connectionString()))
                .build()) {
            assertThat(rest.sendToUser(
                                    "offers", visitorId, "{\"target\":\"offers\",\"arguments\":" + argumentsJson + "}")
                            .status())
                    .isEqualTo(202);
        }
    }

    private static String text(WebDriver page, String id) {
        return page.findElement(By.id(id)).getText();
    }

    private static void screenshot(WebDriver page, String name) throws Exception {
        Path target = Path.of("target", "browser");
        Files.createDirectories(target);
        Files.write(target.resolve(name), ((ChromeDriver) page).getScreenshotAs(OutputType.BYTES));
    }

    private static <T> T await(String what, Supplier<T> value) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            T found = value.get();
            if (found != null) {
                return found;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what);
    }

    private static Optional<String> firstExisting(List<String> paths) {
        return paths.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst();
    }
}
