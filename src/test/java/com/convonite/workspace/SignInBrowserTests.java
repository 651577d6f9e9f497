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
