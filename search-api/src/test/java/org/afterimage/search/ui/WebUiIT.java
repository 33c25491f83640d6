package org.afterimage.search.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.afterimage.model.AlterationEvent;
import org.afterimage.model.ContentHash;
import org.afterimage.model.Evidence;
import org.afterimage.model.EvidenceItem;
import org.afterimage.model.Platform;
import org.afterimage.model.PostEvent;
import org.afterimage.model.PostKey;
import org.afterimage.model.PostRecord;
import org.afterimage.model.PostStatus;
import org.afterimage.model.PostVersion;
import org.afterimage.model.Removal;
import org.afterimage.model.RemovalEvent;
import org.afterimage.model.RemovalReason;
import org.afterimage.model.RestorationEvent;
import org.afterimage.model.json.Codecs;
import org.afterimage.model.kafka.TopicAdmin;
import org.afterimage.model.kafka.Topics;
import org.afterimage.search.SearchApi;
import org.afterimage.search.SearchConfig;
import org.afterimage.search.WechatFixture;
import org.afterimage.search.http.WebUi;
import org.afterimage.search.index.DocJson;
import org.afterimage.testkit.Engines;
import org.afterimage.testkit.RealEngines;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in real headless Chromium (Debian's {@code chromium} + {@code chromedriver}; {@code CHROME_BIN} and
 * {@code CHROMEDRIVER} override the paths) against the real server on real Kafka and Elasticsearch: the data goes
 * through the indexer, the browser enters a key, searches with filters, pages, opens a post (timeline, highlighted
 * diff, evidence), draws the stats charts, creates a subscription and sees a live alert. Archived text that is an
 * HTML/script injection must show as text.
 */
@RealEngines
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiIT {
    static final int REMOVED = 60;
    static final Instant T0 = Instant.parse("2024-06-04T08:00:00Z");
    static final String V1 = "Lawyers gathered in Beijing to discuss the case";
    static final String V2 = "Lawyers met in Beijing to discuss the case";
    static final String HOSTILE = "hostileprobe <img src=x onerror=\"window.__xss=1;alert(1)\"><script>window.__xss=2;alert(2)</script> end";
    static final PostKey ALTERED = PostKey.of(Platform.WEIBO, "ui/alt");
    static final PostKey EVIL = PostKey.of(Platform.WEIBO, "ui/evil");
    static final PostKey RESTORED = PostKey.of(Platform.WEIBO, "ui/back");

    Engines engines;
    Topics topics;
    String prefix;
    SearchApi api;
    ElasticsearchClient es;
    KafkaProducer<byte[], byte[]> producer;
    String key;
    String base;
    WebDriver driver;
    WebDriverWait wait;
    List<WechatFixture.Row> rows;
    int visibleRemoved;

    @BeforeAll
    void start(Engines engines) throws Exception {
        this.engines = engines;
        topics = Topics.in(Engines.uniqueName("ui"));
        prefix = Engines.uniqueName("ui") + "-";
        Path dataDir = Files.createTempDirectory("web-ui-it");
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, engines.kafkaBootstrapServers());
        try (Admin admin = Admin.create(ap)) {
            TopicAdmin.ensure(admin, topics, 1, Duration.ofSeconds(60));
        }
        es = DocJson.client(engines.elasticsearchUrl());
        SearchConfig config = SearchConfig.fromYaml("http: {port: 0, host: 127.0.0.1}\n"
                        + "alerts: {delivery: {groupId: " + Engines.uniqueName("ui-alerts") + "}}\n")
                .withIndexPrefix(prefix).withGroupId(Engines.uniqueName("ui-g"));
        api = SearchApi.builder().config(config).topics(topics).kafkaBootstrapServers(engines.kafkaBootstrapServers())
                .elasticsearchUrl(engines.elasticsearchUrl()).dataDir(dataDir).withIndexer(true)
                .adminKey(Optional.of("ui-it-admin-key-0123456789abcdef")).start();
        base = "http://127.0.0.1:" + api.port();
        key = api.createKey("subscriber", "browser");   // read + subscribe: what a researcher's key holds

        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, engines.kafkaBootstrapServers());
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(pp);
        rows = WechatFixture.rows();
        for (int i = 0; i < REMOVED; i++) {
            send(WechatFixture.removed(i, rows.get(i)));
            send(WechatFixture.removalEvent(i, rows.get(i)));
            if (WechatFixture.reason(rows.get(i).message()) != RemovalReason.DELETED_BY_AUTHOR) visibleRemoved++;
        }
        send(altered());
        send(new AlterationEvent(PostEvent.idFor(ALTERED, 2), ALTERED, 2, T0.plusSeconds(3600), "https://weibo.com/ui/alt", "editor",
                T0, ContentHash.of(V1), ContentHash.of(V2), V1, V2, List.of()));
        send(evil());
        send(evilRemoval());
        send(restored());
        send(new RestorationEvent(PostEvent.idFor(RESTORED, 3), RESTORED, 3, T0.plusSeconds(7200), "https://weibo.com/ui/back",
                "returner", RemovalReason.GEO_BLOCKED, T0.plusSeconds(3600), "back again"));
        producer.flush();
        await("fixture indexed", Duration.ofSeconds(120),
                () -> count(prefix + "posts") == REMOVED + 3 && count(prefix + "events") == REMOVED + 3);

        String chrome = Optional.ofNullable(System.getenv("CHROME_BIN")).filter(s -> !s.isBlank()).orElse("/usr/bin/chromium");
        String chromedriver = Optional.ofNullable(System.getenv("CHROMEDRIVER")).filter(s -> !s.isBlank()).orElse("/usr/bin/chromedriver");
        // both paths explicit: Selenium Manager is never asked to find or download anything (no internet in CI)
        ChromeOptions o = new ChromeOptions();
        o.setBinary(chrome);
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1024",
                "--disable-gpu", "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, o);
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    @AfterAll
    void stop() {
        if (driver != null) driver.quit();
        if (producer != null) producer.close();
        if (api != null) api.close();
        try {
            es.indices().delete(d -> d.index(prefix + "*").ignoreUnavailable(true).allowNoIndices(true));
        } catch (IOException | RuntimeException e) {
            System.err.println("cleanup of " + prefix + "*: " + e);
        }
    }

    // ---- the data

    static PostRecord altered() {
        return new PostRecord(ALTERED, 2, "https://weibo.com/ui/alt", "editor", T0, T0, T0.plusSeconds(3600), T0.plusSeconds(3600),
                PostStatus.ALTERED, List.of(new PostVersion(ContentHash.of(V1), V1, T0, T0.plusSeconds(60)),
                new PostVersion(ContentHash.of(V2), V2, T0.plusSeconds(3600), T0.plusSeconds(3600))), null, List.of(), 3);
    }

    static Removal evilRemovalRecord() {
        return new Removal(RemovalReason.CENSORED, T0.plusSeconds(600), 0.93,
                new Evidence(200, "weibo:20112", "<b>permission denied</b><script>alert(3)</script>", ""),
                List.of(new EvidenceItem("reason", "platform message <i>20112</i>", 2.0),
                        new EvidenceItem("fast-removal", "10 minutes after publication", 0.8),
                        new EvidenceItem("author-history", "no earlier removals", -0.4)));
    }

    static PostRecord evil() {
        return new PostRecord(EVIL, 2, "javascript:alert(4)", "<b onmouseover=alert(5)>mallory</b>", T0, T0, T0.plusSeconds(600),
                T0.plusSeconds(600), PostStatus.REMOVED, List.of(new PostVersion(ContentHash.of(HOSTILE), HOSTILE, T0, T0)),
                evilRemovalRecord(), List.of(), 2);
    }

    static PostEvent evilRemoval() {
        Removal rm = evilRemovalRecord();
        return new RemovalEvent(PostEvent.idFor(EVIL, 2), EVIL, 2, T0.plusSeconds(600), "javascript:alert(4)",
                "<b onmouseover=alert(5)>mallory</b>", T0, T0, rm.reason(), rm.evidence(), rm.probability(), rm.items(), HOSTILE, List.of());
    }

    static PostRecord restored() {
        return new PostRecord(RESTORED, 3, "https://weibo.com/ui/back", "returner", T0, T0, T0.plusSeconds(7200), T0.plusSeconds(7200),
                PostStatus.RESTORED, List.of(new PostVersion(ContentHash.of("back again"), "back again", T0, T0.plusSeconds(7200))),
                null, List.of(), 3);
    }

    void send(PostRecord r) {
        producer.send(new ProducerRecord<>(topics.posts(), bytes(r.key().toString()), Codecs.POST.encode(r)));
    }

    void send(PostEvent e) {
        producer.send(new ProducerRecord<>(topics.events(), bytes(e.key().toString()), Codecs.EVENT.encode(e)));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    long count(String index) {
        try {
            es.indices().refresh(r -> r.index(index));
            return es.count(c -> c.index(index)).count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static void await(String what, Duration timeout, java.util.function.BooleanSupplier ok) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            Thread.sleep(200);
        }
    }

    // ---- browser helpers

    void open(String page) {
        driver.get(base + page);
    }

    void enterKeyIfAsked() {
        List<WebElement> input = driver.findElements(By.id("api-key"));
        if (!input.isEmpty()) {
            input.get(0).sendKeys(key);
            driver.findElement(By.id("use-key")).click();
        }
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("forget-key")));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Keeps a screenshot of the page under target/ui-screenshots (a CI artifact for a human look). */
    void shot(String name) {
        try {
            byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
            Path dir = Path.of("target", "ui-screenshots");
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), png);
        } catch (IOException | RuntimeException e) {
            System.err.println("screenshot " + name + ": " + e);
        }
    }

    void noErrorShown() {
        WebElement err = driver.findElement(By.id("error"));
        assertThat(err.isDisplayed()).as("error box: " + err.getText()).isFalse();
    }

    void assertNoScriptRan() {
        assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(js("return window.__xss === undefined")).isEqualTo(true);
        assertThat(js("return document.querySelectorAll('main img, main script, main b, main i, [onerror], [onmouseover]').length"))
                .isEqualTo(0L);
    }

    // ---- the tests, in the order a user goes

    @Test
    @Order(1)
    void servesTheUiWithTheSecurityHeadersAndTheBrowserEnforcesTheCsp() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue(WebUi.CSP);
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(r.headers().firstValue("Content-Type").map(t -> t.replace(" ", ""))).hasValue("text/html;charset=utf-8");

        open("/");
        // what the browser itself received
        Object csp = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch('/stats.html').then(r => done(r.headers.get('Content-Security-Policy'))).catch(e => done('ERR ' + e));");
        assertThat(csp).isEqualTo(WebUi.CSP);
        // and enforces: an inline script added to the page does not run
        js("const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; document.body.append(s);");
        assertThat(js("return window.__inline === undefined")).isEqualTo(true);
        // the API behind it still wants a key: the static files do not open the data
        HttpResponse<String> noKey = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/posts")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noKey.statusCode()).isEqualTo(401);
    }

    @Test
    @Order(2)
    void searchWithFiltersShowsBadgesAndPagesWithTheCursors() {
        open("/");
        enterKeyIfAsked();
        WebElement summary = driver.findElement(By.id("summary"));
        wait.until(d -> summary.getText().contains("posts"));
        noErrorShown();
        int total = visibleRemoved + 3;
        assertThat(summary.getText()).startsWith(total + " posts");

        // filters: removed + CENSORED
        driver.findElement(By.id("f-status-removed")).click();
        new Select(driver.findElement(By.id("f-reason"))).selectByValue("CENSORED");
        new Select(driver.findElement(By.id("f-platform"))).selectByValue("wechat");
        driver.findElement(By.id("search-button")).click();
        long censored = rows.subList(0, REMOVED).stream().filter(x -> WechatFixture.reason(x.message()) == RemovalReason.CENSORED).count();
        wait.until(d -> summary.getText().startsWith(censored + " posts"));
        List<WebElement> results = driver.findElements(By.cssSelector("#results li.result"));
        assertThat(results).hasSize((int) Math.min(20, censored));
        for (WebElement li : results) {
            assertThat(li.findElement(By.cssSelector("[data-badge=status]")).getText()).isEqualTo("removed");
            assertThat(li.findElement(By.cssSelector("[data-badge=reason]")).getText()).isEqualTo("CENSORED");
            assertThat(li.findElement(By.cssSelector("[data-badge=probability]")).getText()).isEqualTo("p 0.90");
        }
        assertThat(driver.getCurrentUrl()).contains("reason=CENSORED").contains("status=removed");
        shot("search");

        // paging through the API's cursors, and back
        String firstPage = results.get(0).getAttribute("data-key");
        if (censored > 20) {
            driver.findElement(By.id("next")).click();
            wait.until(d -> summary.getText().contains("showing 21–"));
            assertThat(driver.findElement(By.cssSelector("#results li.result")).getAttribute("data-key")).isNotEqualTo(firstPage);
            driver.findElement(By.id("prev")).click();
            wait.until(d -> summary.getText().contains("showing 1–"));
            assertThat(driver.findElement(By.cssSelector("#results li.result")).getAttribute("data-key")).isEqualTo(firstPage);
        }

        // export needs the exporter role: this key is a subscriber, so the API's 403 is shown, nothing downloaded
        driver.findElement(By.id("export-csv")).click();
        wait.until(d -> d.findElement(By.id("error")).isDisplayed());
        assertThat(driver.findElement(By.id("error")).getText()).contains("403");

        // the status filter finds the altered and the restored post with their badges
        open("/?status=altered&status=restored");
        wait.until(d -> d.findElement(By.id("summary")).getText().startsWith("2 posts"));
        assertThat(driver.findElements(By.cssSelector("#results [data-badge=status]")).stream().map(WebElement::getText))
                .containsExactlyInAnyOrder("altered", "restored");
    }

    @Test
    @Order(3)
    void hostileArchivedTextRendersAsTextInResultsAndOnThePostPage() {
        open("/?q=hostileprobe");
        enterKeyIfAsked();
        wait.until(d -> d.findElement(By.id("summary")).getText().startsWith("1 posts"));
        WebElement li = driver.findElement(By.cssSelector("#results li.result"));
        // the hit is highlighted with <mark> and the injection is visible as its literal characters
        assertThat(li.findElement(By.cssSelector(".snippet mark")).getText()).isEqualTo("hostileprobe");
        assertThat(li.findElement(By.cssSelector(".snippet")).getText()).contains("<img src=x onerror=").contains("<script>");
        assertNoScriptRan();

        li.findElement(By.cssSelector("a.post-link")).click();
        WebElement text = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("post-text")));
        assertThat(text.getText()).isEqualTo(HOSTILE);
        assertThat(driver.findElement(By.cssSelector(".evidence")).getText()).contains("<b>permission denied</b><script>alert(3)</script>");
        assertThat(driver.findElement(By.id("post-head")).getText()).contains("<b onmouseover=alert(5)>mallory</b>");
        // a javascript: URL from the archive never becomes a link target
        assertThat(driver.findElement(By.cssSelector("a.original")).getAttribute("href")).isNull();
        // evidence items with their weights
        List<WebElement> items = driver.findElements(By.cssSelector("#evidence-items tbody tr"));
        assertThat(items).hasSize(3);
        assertThat(items.get(0).getText()).contains("reason").contains("2.00");
        assertThat(items.get(2).getText()).contains("-0.40");
        assertThat(driver.findElement(By.id("removal-reason")).getText()).isEqualTo("CENSORED");
        assertThat(driver.findElement(By.id("removal-probability")).getText()).isEqualTo("0.93");
        assertNoScriptRan();
        shot("post-hostile");
    }

    @Test
    @Order(4)
    void postPageShowsTheTimelineAndTheHighlightedWordDiff() {
        open("/?q=" + "Lawyers");
        enterKeyIfAsked();
        WebElement link = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#results li.result[data-key='weibo:ui/alt'] a.post-link")));
        link.click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#diffs .diff")));
        noErrorShown();
        assertThat(driver.findElement(By.id("post-key")).getText()).isEqualTo("weibo:ui/alt");
        assertThat(driver.findElements(By.cssSelector("#diffs del")).stream().map(WebElement::getText)).anyMatch(t -> t.contains("gathered"));
        assertThat(driver.findElements(By.cssSelector("#diffs ins")).stream().map(WebElement::getText)).anyMatch(t -> t.contains("met"));
        assertThat(driver.findElement(By.cssSelector("#diffs .diff")).getText()).contains("Beijing");
        List<String> timeline = driver.findElements(By.cssSelector("#timeline ol.timeline > li")).stream().map(WebElement::getText).toList();
        assertThat(timeline).hasSize(3);   // version 1, version 2 and the alteration event (no captures in this fixture)
        assertThat(timeline.get(0)).contains("Version 1").contains(V1);
        assertThat(String.join("\n", timeline)).contains("Version 2").contains("Altered");
        assertThat(driver.findElement(By.cssSelector("#post-head [data-badge=status]")).getText()).isEqualTo("altered");
        shot("post-diff");
    }

    @Test
    @Order(5)
    void statsPageDrawsTheCharts() {
        open("/stats.html");
        enterKeyIfAsked();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg#chart-per-day")));
        noErrorShown();
        List<WebElement> bars = driver.findElements(By.cssSelector("svg#chart-per-day rect.bar"));
        assertThat(bars).isNotEmpty();
        assertThat(bars.stream().map(b -> b.getAttribute("class"))).anyMatch(c -> c.contains("r-CENSORED"));
        List<WebElement> hist = driver.findElements(By.cssSelector("svg#chart-ttr rect.hist"));
        assertThat(hist).hasSize(8);
        assertThat(hist.stream().mapToDouble(h -> Double.parseDouble(h.getAttribute("height"))).sum()).isGreaterThan(0);
        assertThat(driver.findElement(By.id("removal-count")).getText()).isEqualTo((visibleRemoved + 1) + " removals");
        assertThat(driver.findElements(By.cssSelector(".legend li"))).isNotEmpty();
        shot("stats");
    }

    /** The histogram the stats page draws comes from the stats endpoint: every removal lands in one bucket. */
    @Test
    @Order(5)
    void statsEndpointGivesTheTimeToRemovalHistogram() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/stats"))
                .header("X-API-Key", key).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        var s = DocJson.MAPPER.readTree(r.body());
        var hist = s.get("timeToRemovalHistogram");
        assertThat(hist).hasSize(8);
        assertThat(hist.get(0).has("from")).isFalse();
        assertThat(hist.get(0).get("to").asLong()).isEqualTo(600);
        assertThat(hist.get(1).get("from").asLong()).isEqualTo(600);
        assertThat(hist.get(7).get("from").asLong()).isEqualTo(30L * 86400);
        assertThat(hist.get(7).has("to")).isFalse();
        long sum = 0;
        for (var b : hist) sum += b.get("count").asLong();
        assertThat(sum).isEqualTo(s.get("removals").asLong());
        assertThat(hist.get(1).get("count").asLong()).isGreaterThanOrEqualTo(1);   // the 10-minute removal of weibo:ui/evil
    }

    /** The page's own helpers on hostile input, run in the browser as the pages run them (ES module import). */
    @Test
    @Order(5)
    @SuppressWarnings("unchecked")
    void domHelpersKeepHostileInputInert() {
        open("/");
        Object out = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "import('/js/dom.js').then(m => {"
                        + "  const hrefs = ['javascript:alert(1)', ' javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>x</script>',"
                        + "    'vbscript:x', '//evil.example/x', 'https://weibo.com/a?b=1', 'http://x.org/', '/api/v1/posts', 'post.html?key=a:b']"
                        + "    .map(h => m.safeHref(h));"
                        + "  const hl = m.highlighted('&lt;img src=x onerror=alert(1)&gt; <em>hit</em> &amp;amp; <script>alert(1)</script> &#x27;q&#x27; <em>two');"
                        + "  const box = document.createElement('div'); box.append(hl);"
                        + "  const a = m.el('a', { href: 'javascript:alert(1)' }, '<b>x</b>');"
                        + "  let refused = [];"
                        + "  for (const k of ['onclick', 'style', 'src', 'srcdoc']) { try { m.el('div', { [k]: 'x' }); } catch (e) { refused.push(k); } }"
                        + "  done({ hrefs, text: box.textContent, marks: box.querySelectorAll('mark').length,"
                        + "    elements: box.querySelectorAll('img, script').length, aHref: a.getAttribute('href'), aText: a.textContent,"
                        + "    aChildren: a.children.length, refused, reason: m.reasonClass('x onmouseover=alert(1)'), status: m.statusClass('<b>') });"
                        + "}).catch(e => done({ error: String(e) }));");
        Map<String, Object> r = (Map<String, Object>) out;
        assertThat(r).doesNotContainKey("error");
        assertThat((List<Object>) r.get("hrefs")).containsExactly(null, null, null, null, null, null,
                "https://weibo.com/a?b=1", "http://x.org/", "/api/v1/posts", "post.html?key=a:b");
        assertThat(r.get("text")).isEqualTo("<img src=x onerror=alert(1)> hit &amp; <script>alert(1)</script> 'q' two");
        assertThat(r.get("marks")).isEqualTo(2L);
        assertThat(r.get("elements")).isEqualTo(0L);
        assertThat(r.get("aHref")).isNull();
        assertThat(r.get("aText")).isEqualTo("<b>x</b>");
        assertThat(r.get("aChildren")).isEqualTo(0L);
        assertThat((List<Object>) r.get("refused")).containsExactly("onclick", "style", "src", "srcdoc");
        assertThat(r.get("reason")).isEqualTo("r-other");
        assertThat(r.get("status")).isEqualTo("status-other");
        assertNoScriptRan();
    }

    @Test
    @Order(6)
    void createsASubscriptionAndSeesALiveAlert() throws Exception {
        open("/subscriptions.html");
        enterKeyIfAsked();
        wait.until(d -> !d.findElement(By.id("subs")).getText().isEmpty() || d.findElement(By.id("error")).isDisplayed());
        noErrorShown();
        driver.findElement(By.id("s-name")).sendKeys("censored on wechat");
        driver.findElement(By.id("f-type-removal")).click();
        new Select(driver.findElement(By.id("f-reason"))).selectByValue("CENSORED");
        driver.findElement(By.id("create-sub")).click();
        WebElement created = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("created-id")));
        String id = created.getText();
        noErrorShown();
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr.sub[data-id='" + id + "']")));
        assertThat(row.getText()).contains("censored on wechat").contains("CENSORED").contains("active");

        // live alerts over SSE: a new censored removal goes through Kafka, the indexer, the matcher, the stream
        row.findElement(By.cssSelector("button.watch")).click();
        wait.until(d -> d.findElement(By.id("live-status")).getText().equals("connected"));
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int n = REMOVED;
        while (driver.findElements(By.cssSelector("#alerts li.alert-item")).isEmpty()) {
            assertThat(System.nanoTime()).as("an alert shown within 60 s").isLessThan(end);
            WechatFixture.Row fresh = new WechatFixture.Row("UI live alert " + n, "ui-live", T0, T0.plusSeconds(900), "此内容因违规无法查看");
            send(WechatFixture.removed(10_000 + n, fresh));
            send(WechatFixture.removalEvent(10_000 + n, fresh));
            producer.flush();
            n++;
            Thread.sleep(3000);
        }
        WebElement alert = driver.findElement(By.cssSelector("#alerts li.alert-item"));
        assertThat(alert.getText()).contains("UI live alert").contains("CENSORED");
        shot("subscriptions");

        // delete it
        driver.findElement(By.cssSelector("tr.sub[data-id='" + id + "'] button.danger")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr.sub[data-id='" + id + "']"), 0));
        noErrorShown();
    }
}
