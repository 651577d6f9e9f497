package com.convonite.workspace;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.convonite.support.BrowserTest;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsBrowserTests extends BrowserTest {

	@Test
	void theClosureRequirementAndTimeZoneAreSavedAndStick() {
		var workspace = newWorkspace();
		signIn(workspace.adminEmail());
		open("/settings");
		assertThat(this.browser.getTitle()).isEqualTo("Settings · Convonite");
		WebElement closure = this.browser.findElement(By.id("requireConversationToCloseChat"));
		assertThat(closure.isSelected()).isFalse();
		screenshots("settings");
		assertAccessible();
		closure.click();
		new Select(this.browser.findElement(By.id("timeZone"))).selectByValue("Europe/Lisbon");
		press(By.cssSelector("main form button[type=submit]"));
		waitForText(By.cssSelector(".alert-success"), "Settings saved");

		open("/settings");
		assertThat(this.browser.findElement(By.id("requireConversationToCloseChat")).isSelected()).isTrue();
		assertThat(new Select(this.browser.findElement(By.id("timeZone"))).getFirstSelectedOption().getAttribute("value"))
			.isEqualTo("Europe/Lisbon");
		var settings = this.workspaces.settings(workspace.id());
		assertThat(settings.requireConversationToCloseChat()).isTrue();
		assertThat(settings.timeZone()).isEqualTo("Europe/Lisbon");

		// and off again
		this.browser.findElement(By.id("requireConversationToCloseChat")).click();
		press(By.cssSelector("main form button[type=submit]"));
		waitForText(By.cssSelector(".alert-success"), "Settings saved");
		assertThat(this.workspaces.requiresConversationToCloseChat(workspace.id())).isFalse();
		assertThat(this.browser.findElement(By.linkText("Purposes")).getAttribute("href")).endsWith("/settings/purposes");
	}

	@Test
	void aStaleSettingsSaveIsExplained() {
		var workspace = newWorkspace();
		signIn(workspace.adminEmail());
		open("/settings");
		workspace.admin().patch("/settings", map("version", 0, "timeZone", "Asia/Tokyo"));
		new Select(this.browser.findElement(By.id("timeZone"))).selectByValue("Europe/Paris");
		press(By.cssSelector("main form button[type=submit]"));
		waitForText(By.cssSelector(".alert-warning"), "Someone else changed the settings");
		assertThat(new Select(this.browser.findElement(By.id("timeZone"))).getFirstSelectedOption().getAttribute("value"))
			.isEqualTo("Europe/Paris");
		press(By.cssSelector("main form button[type=submit]"));
		waitForText(By.cssSelector(".alert-success"), "Settings saved");
		assertThat(this.workspaces.settings(workspace.id()).timeZone()).isEqualTo("Europe/Paris");
	}

	@Test
	void membersAreAddedChangedAndTheLastAdminCannotBeDeactivated() {
		var workspace = newWorkspace();
		signIn(workspace.adminEmail());
		open("/settings");
		this.browser.findElement(By.linkText("Members")).click();
		waitFor(By.id("members"));
		screenshots("members");
		assertAccessible();

		// a refused add keeps what was typed, except the password
		this.browser.findElement(By.id("name")).sendKeys("Bea Agent");
		this.browser.findElement(By.id("email")).sendKeys("bea-" + workspace.id() + "@example.com");
		this.browser.findElement(By.id("password")).sendKeys("short");
		press(By.cssSelector("#add-member button[type=submit]"));
		assertThat(waitFor(By.id("password-error")).getText()).contains("at least 8");
		assertThat(this.browser.findElement(By.id("name")).getAttribute("value")).isEqualTo("Bea Agent");
		this.browser.findElement(By.id("password")).sendKeys(PASSWORD);
		press(By.cssSelector("#add-member button[type=submit]"));
		waitForText(By.cssSelector(".alert-success"), "Bea Agent was added");
		WebElement bea = row("bea-" + workspace.id() + "@example.com");
		assertThat(bea.getText()).contains("Bea Agent", "Active");

		// the only admin cannot deactivate themselves
		press(row(workspace.adminEmail()).findElement(By.cssSelector("button.deactivate")));
		assertThat(waitFor(By.id("member-refusal")).getText()).contains("last active admin");
		assertThat(row(workspace.adminEmail()).getText()).contains("Active");
		assertAccessible();

		// nor demote themselves
		new Select(row(workspace.adminEmail()).findElement(By.cssSelector("select[name=role]"))).selectByValue("AGENT");
		press(row(workspace.adminEmail()).findElement(By.cssSelector("button.change-role")));
		assertThat(waitFor(By.id("member-refusal")).getText()).contains("last active admin");

		// Bea becomes an admin, and can be deactivated and reactivated
		new Select(row("bea-" + workspace.id() + "@example.com").findElement(By.cssSelector("select[name=role]")))
			.selectByValue("ADMIN");
		press(row("bea-" + workspace.id() + "@example.com").findElement(By.cssSelector("button.change-role")));
		waitForText(By.cssSelector(".alert-success"), "Bea Agent was changed");
		// Deactivating can be undone, so it is not asked about: it is done, and the toast offers Undo.
		press(row("bea-" + workspace.id() + "@example.com").findElement(By.cssSelector("button.deactivate")));
		assertThat(waitFor(By.cssSelector("#toasts .toast")).getText()).contains("Bea Agent was deactivated");
		assertThat(row("bea-" + workspace.id() + "@example.com").getText()).contains("Admin", "Deactivated");
		assertAccessible();
		press(waitFor(By.cssSelector("#toasts .toast-undo")));
		waitForText(By.cssSelector(".alert-success"), "Bea Agent was changed");
		assertThat(row("bea-" + workspace.id() + "@example.com").getText()).contains("Active");
		press(row("bea-" + workspace.id() + "@example.com").findElement(By.cssSelector("button.deactivate")));
		waitFor(By.cssSelector("#toasts .toast-undo"));
		press(row("bea-" + workspace.id() + "@example.com").findElement(By.cssSelector("button.reactivate")));
		waitForText(By.cssSelector(".alert-success"), "Bea Agent was changed");
		assertThat(row("bea-" + workspace.id() + "@example.com").getText()).contains("Active");
	}

	@Test
	void agentsMayNotOpenTheSettings() {
		var workspace = newWorkspace();
		var agent = agent(workspace);
		signIn(agent.email);
		open("/settings");
		assertThat(waitFor(By.tagName("main")).getText()).contains("HTTP 403");
		open("/settings/members");
		assertThat(waitFor(By.tagName("main")).getText()).contains("HTTP 403");
		assertThat(this.browser.findElements(By.linkText("Settings"))).isEmpty();
	}

	@Test
	void aTokenIsShownOnceWorksAgainstTheApiAndStopsWhenRevoked() throws Exception {
		var workspace = newWorkspace();
		var agent = agent(workspace);
		signIn(agent.email);
		open("/profile#tokens");
		assertThat(this.browser.getTitle()).isEqualTo("Profile · Convonite");
		screenshots("profile");
		assertAccessible();

		this.browser.findElement(By.id("tokenName")).sendKeys("CRM sync");
		press(By.cssSelector("#create-token button[type=submit]"));
		WebElement field = waitFor(By.id("new-token-value"));
		String token = field.getAttribute("value");
		assertThat(token).startsWith("cvn_");
		assertThat(this.browser.findElement(By.id("new-token")).getText()).contains("shown only this once");
		assertThat(tokenNames()).contains("CRM sync");
		assertAccessible();

		assertThat(me(token).statusCode()).isEqualTo(200);
		assertThat(me(token).body()).contains(agent.email);

		this.browser.navigate().refresh();
		waitFor(By.id("token-list"));
		assertThat(this.browser.findElements(By.id("new-token"))).isEmpty();
		assertThat(this.browser.getPageSource()).doesNotContain(token);
		assertThat(tokenNames()).contains("CRM sync");
		WebElement row = this.browser.findElements(By.cssSelector(".token-row"))
			.stream()
			.filter((r) -> r.getText().contains("CRM sync"))
			.findFirst()
			.orElseThrow();
		assertThat(row.getText()).doesNotContain("never");

		// Revoking cannot be undone: the page's dialog asks first, and Cancel keeps the token.
		press(row.findElement(By.cssSelector("button.revoke-token")));
		waitFor(By.id("confirm-dialog-ok"));
		this.wait.until((d) -> "confirm-dialog-ok".equals(d.switchTo().activeElement().getAttribute("id")));
		assertThat(this.browser.findElement(By.id("confirm-dialog-message")).getText()).contains("CRM sync");
		assertAccessible();
		this.browser.switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.ESCAPE);
		this.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm-dialog")));
		assertThat(me(token).statusCode()).isEqualTo(200);
		press(row.findElement(By.cssSelector("button.revoke-token")));
		this.wait.until((d) -> "confirm-dialog-ok".equals(d.switchTo().activeElement().getAttribute("id")));
		press(By.id("confirm-dialog-ok"));
		waitForText(By.cssSelector("#tokens .alert-success"), "revoked");
		assertThat(tokenNames()).doesNotContain("CRM sync");
		assertThat(me(token).statusCode()).isEqualTo(401);
	}

	@Test
	void theNameIsChangedOnTheProfile() {
		var workspace = newWorkspace();
		var agent = agent(workspace);
		signIn(agent.email);
		open("/profile");
		WebElement name = this.browser.findElement(By.id("name"));
		name.clear();
		this.browser.findElement(By.cssSelector("main form[action$='/profile'] button[type=submit]")).click();
		assertThat(waitFor(By.id("name-error")).getText()).contains("required");
		this.browser.findElement(By.id("name")).sendKeys("Andy A. Agent");
		this.browser.findElement(By.cssSelector("main form[action$='/profile'] button[type=submit]")).click();
		waitForText(By.cssSelector(".alert-success"), "Your name was saved");
		assertThat(this.browser.findElement(By.id("name")).getAttribute("value")).isEqualTo("Andy A. Agent");
		assertThat(this.members.get(workspace.id(), Long.parseLong(agent.memberId)).name()).isEqualTo("Andy A. Agent");
	}

	@Test
	void tokenNamesThatLookLikeMarkupShowAsText() {
		var workspace = newWorkspace();
		signIn(workspace.adminEmail());
		open("/profile");
		this.browser.findElement(By.id("tokenName")).sendKeys("<img src=x onerror=\"window.__pwned=true\">");
		press(By.cssSelector("#create-token button[type=submit]"));
		waitFor(By.id("new-token"));
		assertThat(tokenNames()).contains("<img src=x onerror=\"window.__pwned=true\">");
		assertNoInjectedScriptRan();
	}

	/** Clicks a button after scrolling it to the middle of the window, clear of anything that could cover it. */
	private void press(By locator) {
		press(this.browser.findElement(locator));
	}

	/** Bootstrap scrolls smoothly, so a click could land mid-scroll: scroll at once first. */
	private void press(WebElement element) {
		((org.openqa.selenium.JavascriptExecutor) this.browser)
			.executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element);
		element.click();
	}

	private WebElement row(String email) {
		return waitFor(By.cssSelector(".member-row[data-email='" + email + "']"));
	}

	private java.util.List<String> tokenNames() {
		return this.browser.findElements(By.cssSelector(".token-row .token-name")).stream().map(WebElement::getText).toList();
	}

	private HttpResponse<String> me(String token) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url("/api/v1/me"))).header("Authorization", "Bearer " + token).build(),
					HttpResponse.BodyHandlers.ofString());
	}

}
