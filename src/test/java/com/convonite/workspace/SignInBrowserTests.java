package com.convonite.workspace;

import com.convonite.support.BrowserTest;
import org.openqa.selenium.By;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignInBrowserTests extends BrowserTest {

	@Test
	void aWrongPasswordSaysSoAndARightOneSignsInAndOut() {
		var workspace = newWorkspace();
		open("/login");
		assertThat(this.browser.getTitle()).isEqualTo("Sign in · Convonite");
		screenshots("sign-in");
		assertAccessible();
		this.browser.findElement(By.id("email")).sendKeys(workspace.adminEmail());
		this.browser.findElement(By.id("password")).sendKeys("not the password");
		this.browser.findElement(By.cssSelector("form button[type=submit]")).click();
		assertThat(waitFor(By.cssSelector(".alert-danger")).getText()).contains("do not match");
		// Only the password is typed again: the email stays, and the cursor waits in the password field.
		assertThat(this.browser.findElement(By.id("email")).getAttribute("value")).isEqualTo(workspace.adminEmail());
		assertThat(this.browser.switchTo().activeElement().getAttribute("id")).isEqualTo("password");
		this.browser.navigate().refresh();
		assertThat(waitFor(By.id("email")).getAttribute("value")).as("kept once").isEmpty();
		signIn(workspace.adminEmail());
		assertThat(this.browser.getCurrentUrl()).doesNotContain("/login");
		this.browser.findElement(By.cssSelector("nav .dropdown-toggle")).click();
		waitFor(By.xpath("//button[normalize-space()='Sign out']")).click();
		assertThat(waitFor(By.cssSelector(".alert-info")).getText()).contains("signed out");
	}

	@Test
	void pagesNeedASignedInMember() {
		open("/conversations");
		assertThat(this.browser.getCurrentUrl()).contains("/login");
	}

}
