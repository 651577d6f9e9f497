package com.convonite.platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.convonite.support.ApiIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web app's styles, scripts, favicon and webjars are served from their own paths (version-less webjar
 * links included), every one a page links to loads, and an address that is no page is the product's 404.
 */
class StaticResourcesIntegrationTests extends ApiIntegrationTest {

	private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

	@Test
	void everyFileThePagesLinkToLoads() throws Exception {
		String page = get("/login", "text/html").body();
		List<String> links = new ArrayList<>();
		Matcher matcher = Pattern.compile("(?:href|src)=\"(/(?:css|js|webjars)/[^\"]+|/favicon\\.ico)\"").matcher(page);
		while (matcher.find()) {
			links.add(matcher.group(1));
		}
		assertThat(links).as("files linked from the sign-in page")
			.anyMatch((link) -> link.startsWith("/webjars/bootstrap/"))
			.anyMatch((link) -> link.startsWith("/webjars/htmx.org/"))
			.anyMatch((link) -> link.startsWith("/css/"))
			.anyMatch((link) -> link.startsWith("/js/"));
		for (String link : links) {
			HttpResponse<String> file = get(link, "*/*");
			assertThat(file.statusCode()).as(link).isEqualTo(200);
			assertThat(file.body()).as(link).isNotEmpty();
		}
		assertThat(get("/favicon.ico", "*/*").statusCode()).isEqualTo(200);
		assertThat(get("/css/app.css", "*/*").headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/css"));
	}

	@Test
	void anAddressThatIsNoPageIsNotFound() throws Exception {
		HttpResponse<String> api = get("/api/v1/no-such-thing", "application/json");
		assertThat(api.statusCode()).isIn(401, 404);
		HttpResponse<String> file = get("/css/no-such-file.css", "*/*");
		assertThat(file.statusCode()).isEqualTo(404);
	}

	private HttpResponse<String> get(String path, String accept) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Accept", accept)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
