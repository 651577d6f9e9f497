package com.convonite.contact;

import java.util.List;

import com.convonite.support.BrowserTest;
import com.convonite.support.Inbound;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContactBrowserTests extends BrowserTest {

	static final String SCRIPT_NAME = "<script>window.__pwned=true</script>";

	static final String IMG_NAME = "<img src=x onerror=\"window.__pwned=true\">";

	@Test
	void searchFindsContactsByNameAndByPhone() {
		var workspace = newWorkspace();
		String mariaPhone = Inbound.phone();
		contact(workspace, "Maria Gonçalves", mariaPhone);
		contact(workspace, "João Silva", Inbound.phone());
		signIn(workspace.adminEmail());
		open("/contacts");
		assertThat(names()).containsExactly("João Silva", "Maria Gonçalves");
		screenshots("contacts-list");
		assertAccessible();

		WebElement q = this.browser.findElement(By.id("q"));
		q.sendKeys("goncal");
		this.wait.until((d) -> names().equals(List.of("Maria Gonçalves")));
		this.wait.until(ExpectedConditions.urlContains("q=goncal"));

		q.clear();
		q.sendKeys(mariaPhone.substring(mariaPhone.length() - 6));
		this.wait.until((d) -> names().equals(List.of("Maria Gonçalves")));

		q.clear();
		q.sendKeys("nobody-by-this-name");
		waitForText(By.id("contact-results"), "No contact matches");

		// the search is in the URL: opening it again shows the same results
		open("/contacts?q=silva");
		assertThat(names()).containsExactly("João Silva");
		assertThat(this.browser.findElement(By.id("q")).getAttribute("value")).isEqualTo("silva");
	}

	@Test
	void loadMoreAppendsTheNextPage() {
		var workspace = newWorkspace();
		for (int i = 0; i < 52; i++) {
			contact(workspace, String.format("Customer %02d", i), Inbound.phone());
		}
		signIn(workspace.adminEmail());
		open("/contacts");
		assertThat(names()).hasSize(50);
		WebElement more = this.browser.findElement(By.cssSelector("#contact-load-more a"));
		// Bootstrap scrolls smoothly, so a click could land mid-scroll: scroll at once first
		((JavascriptExecutor) this.browser).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", more);
		more.click();
		this.wait.until((d) -> names().size() == 52);
		assertThat(names()).last().isEqualTo("Customer 51");
		assertThat(this.browser.findElements(By.id("contact-load-more"))).isEmpty();
	}

	@Test
	void anInvalidPhoneIsExplainedBesideTheFieldAndKeepsWhatWasTyped() {
		var workspace = newWorkspace();
		signIn(workspace.adminEmail());
		open("/contacts");
		this.browser.findElement(By.linkText("Add contact")).click();
		waitFor(By.id("name")).sendKeys("Paula Reis");
		this.browser.findElement(By.id("phone")).sendKeys("12");
		this.browser.findElement(By.id("email")).sendKeys("paula@example.com");
		this.browser.findElement(By.cssSelector("main form button[type=submit]")).click();

		assertThat(waitFor(By.id("phone-error")).getText()).contains("valid phone number");
		assertThat(this.browser.findElement(By.id("phone")).getAttribute("aria-invalid")).isEqualTo("true");
		assertThat(this.browser.findElement(By.id("name")).getAttribute("value")).isEqualTo("Paula Reis");
		assertThat(this.browser.findElement(By.id("phone")).getAttribute("value")).isEqualTo("12");
		assertThat(this.browser.findElement(By.id("email")).getAttribute("value")).isEqualTo("paula@example.com");
		assertAccessible();

		String phone = Inbound.phone();
		this.browser.findElement(By.id("phone")).clear();
		this.browser.findElement(By.id("phone")).sendKeys(phone);
		this.browser.findElement(By.cssSelector("main form button[type=submit]")).click();
		assertThat(waitFor(By.id("contact-name")).getText()).isEqualTo("Paula Reis");
		// The page confirms the contact was added (the redirect's ?created), and the address bar keeps the
		// contact's own address (js/page-url.js), so a reload or a bookmark does not announce it again.
		assertThat(this.browser.findElement(By.cssSelector("main .alert-success")).getText()).isEqualTo("Contact added.");
		this.wait.until(ExpectedConditions.urlMatches(".*/contacts/\\d+$"));
		// The number reads as people write it (+1 201-555-…), and calls the stored E.164 number.
		String shown = "+1 201-555-" + phone.substring(phone.length() - 4);
		assertThat(this.browser.findElement(By.id("contact-details")).getText()).contains(shown, "paula@example.com");
		assertThat(this.browser.findElement(By.cssSelector("#contact-details a[href^='tel:']")).getAttribute("href"))
			.isEqualTo("tel:" + phone);
		this.browser.navigate().refresh();
		assertThat(waitFor(By.id("contact-name")).getText()).isEqualTo("Paula Reis");
		assertThat(this.browser.findElements(By.cssSelector("main .alert-success"))).isEmpty();
	}

	@Test
	void editSavesAndAStaleEditKeepsWhatWasTyped() {
		var workspace = newWorkspace();
		String id = contact(workspace, "Rui Costa", Inbound.phone());
		signIn(workspace.adminEmail());
		open("/contacts/" + id + "/edit");
		WebElement name = waitFor(By.id("name"));
		name.clear();
		name.sendKeys("Rui M. Costa");
		this.browser.findElement(By.id("notes")).sendKeys("Prefers mornings");
		this.browser.findElement(By.cssSelector("main form button[type=submit]")).click();
		assertThat(waitFor(By.id("contact-name")).getText()).isEqualTo("Rui M. Costa");
		assertThat(this.browser.findElement(By.id("contact-details")).getText()).contains("Prefers mornings");

		// someone else saves while this form is open
		open("/contacts/" + id + "/edit");
		var patched = workspace.admin().patch("/contacts/" + id, map("version", 1, "notes", "Changed elsewhere"));
		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		name = waitFor(By.id("name"));
		name.clear();
		name.sendKeys("Rui Costa Jr");
		this.browser.findElement(By.cssSelector("main form button[type=submit]")).click();
		assertThat(waitFor(By.id("stale-alert")).getText()).contains("changed this contact");
		assertThat(this.browser.findElement(By.id("name")).getAttribute("value")).isEqualTo("Rui Costa Jr");
		// saving again applies it
		this.browser.findElement(By.cssSelector("main form button[type=submit]")).click();
		assertThat(waitFor(By.id("contact-name")).getText()).isEqualTo("Rui Costa Jr");
	}

	@Test
	void theContactPageShowsDetailsAndItsTasksPanel() {
		var workspace = newWorkspace();
		var delivered = Inbound.deliver(workspace.admin(), Inbound.phone(), "Helena Dias", "Hello",
				java.time.OffsetDateTime.now());
		signIn(workspace.adminEmail());
		open("/contacts/" + delivered.contactId());
		assertThat(waitFor(By.id("contact-name")).getText()).isEqualTo("Helena Dias");
		assertThat(this.browser.getTitle()).isEqualTo("Helena Dias · Convonite");
		waitForText(By.id("contact-tasks"), "No follow-up tasks.");
		screenshots("contact-page");
		assertAccessible();

		// A contact with a chat cannot be deleted: Delete is not offered, and the page says why in words.
		assertThat(this.browser.findElements(By.cssSelector("form[action$='/delete']"))).isEmpty();
		WebElement delete = this.browser.findElement(By.id("contact-delete"));
		assertThat(delete.isEnabled()).isFalse();
		assertThat(this.browser.findElement(By.id(delete.getAttribute("aria-describedby"))).getText())
			.isEqualTo("Cannot be deleted: the contact has 1 chat, whose messages and conversations would be lost. "
					+ "Edit the contact instead.");
	}

	@Test
	void anAdminDeletesAContactWithoutHistory() {
		var workspace = newWorkspace();
		String id = contact(workspace, "Temp Contact", Inbound.phone());
		signIn(workspace.adminEmail());
		open("/contacts/" + id);
		this.browser.findElement(By.cssSelector("form[action$='/delete'] button")).click();
		assertThat(waitFor(By.id("confirm-dialog-message")).getText()).contains("Temp Contact");
		assertThat(this.browser.findElement(By.id("confirm-dialog-ok")).getText()).isEqualTo("Delete");
		this.wait.until((d) -> "confirm-dialog-ok".equals(d.switchTo().activeElement().getAttribute("id")));
		this.browser.findElement(By.id("confirm-dialog-ok")).click();
		assertThat(waitFor(By.cssSelector(".alert-success")).getText()).contains("Temp Contact was deleted");
		assertThat(workspace.admin().get("/contacts/" + id).status()).isEqualTo(404);
	}

	@Test
	void agentsSeeNoDeleteButton() {
		var workspace = newWorkspace();
		var agent = agent(workspace);
		String id = contact(workspace, "Kept Contact", Inbound.phone());
		signIn(agent.email);
		open("/contacts/" + id);
		waitFor(By.id("contact-name"));
		assertThat(this.browser.findElements(By.cssSelector("form[action$='/delete']"))).isEmpty();
	}

	@Test
	void namesThatLookLikeMarkupShowAsTextAndRunNothing() {
		var workspace = newWorkspace();
		String scriptId = contact(workspace, SCRIPT_NAME, Inbound.phone());
		contact(workspace, IMG_NAME, Inbound.phone());
		signIn(workspace.adminEmail());
		open("/contacts");
		assertThat(names()).containsExactlyInAnyOrder(SCRIPT_NAME, IMG_NAME);
		assertNoInjectedScriptRan();
		this.browser.findElement(By.id("q")).sendKeys("window");
		this.wait.until(ExpectedConditions.urlContains("q=window"));
		this.wait.until((d) -> names().size() == 2);
		assertNoInjectedScriptRan();
		open("/contacts/" + scriptId);
		assertThat(waitFor(By.id("contact-name")).getText()).isEqualTo(SCRIPT_NAME);
		open("/contacts/" + scriptId + "/edit");
		assertThat(waitFor(By.id("name")).getAttribute("value")).isEqualTo(SCRIPT_NAME);
		assertNoInjectedScriptRan();
		assertThat(((JavascriptExecutor) this.browser).executeScript("return document.querySelectorAll('main img').length"))
			.isEqualTo(0L);
	}

	@Test
	void anotherWorkspacesContactIsNotFound() {
		var workspace = newWorkspace();
		var other = newWorkspace();
		String id = contact(other, "Elsewhere", Inbound.phone());
		signIn(workspace.adminEmail());
		open("/contacts/" + id);
		assertThat(waitFor(By.tagName("main")).getText()).contains("HTTP 404").doesNotContain("Elsewhere");
	}

	/** The names listed, read in one step so that an htmx swap cannot pull elements away mid-way. */
	@SuppressWarnings("unchecked")
	private List<String> names() {
		return (List<String>) ((JavascriptExecutor) this.browser).executeScript(
				"return Array.from(document.querySelectorAll('.contact-row td:first-child a')).map(a => a.textContent);");
	}

	private static String contact(TestWorkspace workspace, String name, String phone) {
		var created = workspace.admin().post("/contacts", body("name", name, "phone", phone));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.id();
	}

}
