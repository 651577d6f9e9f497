package com.convonite.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Base of the browser tests: the whole application on a random port, driven by Debian's headless Chromium
 * and ChromeDriver (never downloaded). Without them the tests are skipped on a developer's machine with a
 * message saying how to enable them, and fail under CI (CI=true).
 */
public abstract class BrowserTest extends ApiIntegrationTest {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	static final Path AXE = Path.of("target/axe-core/node_modules/axe-core/axe.min.js");

	public static final int DESKTOP = 1280;

	public static final int PHONE = 390;

	protected WebDriver browser;

	protected WebDriverWait wait;

	private final java.util.List<WebDriver> extraBrowsers = new java.util.ArrayList<>();

	@BeforeEach
	void startBrowser() {
		this.browser = newBrowser();
		this.wait = new WebDriverWait(this.browser, Duration.ofSeconds(10));
		// htmx replaces parts of the page while a condition reads them: read them again on the next poll.
		this.wait.ignoring(StaleElementReferenceException.class);
	}

	@AfterEach
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
		this.extraBrowsers.forEach(WebDriver::quit);
	}

	/** A second, independent browser (its own session), e.g. for two people editing at once. */
	protected WebDriver newBrowser() {
		boolean available = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		if (!available) {
			String message = "Browser tests need Debian's chromium and chromium-driver "
					+ "(sudo apt-get install -y chromium chromium-driver); skipped.";
			if ("true".equals(System.getenv("CI"))) {
				fail("Under CI the browser tests must run, but " + message);
			}
			Assumptions.abort(message);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--lang=en-US", "--window-size=1280,900");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().implicitlyWait(Duration.ZERO);
		if (this.browser != null) {
			this.extraBrowsers.add(driver);
		}
		return driver;
	}

	protected String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	protected void open(String path) {
		this.browser.get(url(path));
	}

	protected void signIn(WebDriver driver, String email) {
		driver.get(url("/login"));
		driver.findElement(By.id("email")).sendKeys(email);
		driver.findElement(By.id("password")).sendKeys(PASSWORD);
		driver.findElement(By.cssSelector("form button[type=submit]")).click();
		new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
	}

	protected void signIn(String email) {
		signIn(this.browser, email);
	}

	/** Clicks like a user: scrolled into the middle of the view first, so nothing covers the element. */
	protected void click(By locator) {
		WebElement element = waitFor(locator);
		((JavascriptExecutor) this.browser).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element);
		this.wait.until(ExpectedConditions.elementToBeClickable(element)).click();
	}

	protected WebElement waitFor(By locator) {
		return this.wait.until(ExpectedConditions.visibilityOfElementLocated(locator));
	}

	protected void waitForText(By locator, String text) {
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
	}

	/** The page's live-update stream is open (htmx's SSE extension keeps its EventSource on the body). */
	protected void waitForEventStream() {
		this.wait.until((d) -> Long.valueOf(1).equals(((JavascriptExecutor) d).executeScript(
				"var data = document.body['htmx-internal-data'];"
						+ " return data && data.sseEventSource ? data.sseEventSource.readyState : -1;")));
	}

	/** Saves a screenshot of the current page at desktop and phone widths under target/screenshots/. */
	protected void screenshots(String name) {
		screenshots(name, null);
	}

	/** The same, with the element {@code top} scrolled to the top of the view at each width (null: as it is). */
	protected void screenshots(String name, By top) {
		for (int width : List.of(DESKTOP, PHONE)) {
			this.browser.manage().window().setSize(new Dimension(width, (width == PHONE) ? 844 : 900));
			if (top != null) {
				((JavascriptExecutor) this.browser).executeScript(
						"arguments[0].scrollIntoView({block: 'start', behavior: 'instant'});", this.browser.findElement(top));
			}
			try {
				Path file = Path.of("target/screenshots", name + "-" + width + ".png");
				Files.createDirectories(file.getParent());
				Files.write(file, ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.BYTES));
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}
		this.browser.manage().window().setSize(new Dimension(DESKTOP, 900));
	}

	/** How wide the page is at a 390 px phone, and how wide the phone's viewport: {document width, viewport}. */
	protected long[] widthsAtPhone() {
		this.browser.manage().window().setSize(new Dimension(PHONE, 844));
		try {
			long width = ((Number) ((JavascriptExecutor) this.browser)
				.executeScript("return document.documentElement.scrollWidth;")).longValue();
			long viewport = ((Number) ((JavascriptExecutor) this.browser)
				.executeScript("return document.documentElement.clientWidth;")).longValue();
			return new long[] { width, viewport };
		}
		finally {
			this.browser.manage().window().setSize(new Dimension(DESKTOP, 900));
		}
	}

	/**
	 * Runs axe-core on the current page and fails on any serious or critical violation. axe-core comes from
	 * npm (see .ci/run); without it the check is skipped with a message, and fails under CI.
	 */
	@SuppressWarnings("unchecked")
	protected void assertAccessible() {
		if (!Files.isReadable(AXE)) {
			String message = "axe-core is missing (npm install --prefix target/axe-core axe-core); accessibility check skipped.";
			if ("true".equals(System.getenv("CI"))) {
				fail(message);
			}
			System.out.println(message);
			return;
		}
		try {
			JavascriptExecutor js = (JavascriptExecutor) this.browser;
			js.executeScript(Files.readString(AXE));
			Object result = js.executeAsyncScript("""
					const done = arguments[arguments.length - 1];
					// Colours are judged once transitions have ended: a toast still fading in (opacity < 1) was
					// measured with too little contrast now and then. Endless animations (spinners) are not waited for.
					const settled = Promise.all(document.getAnimations()
					  .filter(a => a.effect && a.effect.getTiming().iterations !== Infinity)
					  .map(a => a.finished.catch(() => null)));
					Promise.race([settled, new Promise(r => setTimeout(r, 3000))])
					  .then(() => axe.run(document, { resultTypes: ['violations'] }))
					  .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
					     .map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))))
					  .catch(e => done(['axe failed: ' + e]));
					""");
			assertThat((List<String>) result).as("serious or critical accessibility violations on " + this.browser.getCurrentUrl())
				.isEmpty();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** Nothing on the page ran a script that user text smuggled in. */
	protected void assertNoInjectedScriptRan() {
		Object flag = ((JavascriptExecutor) this.browser).executeScript("return window.__pwned === true;");
		assertThat(flag).isEqualTo(false);
	}

	protected static Map<String, Object> map(Object... keysAndValues) {
		return body(keysAndValues);
	}

}
