package com.convonite.conversation;

import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.Map;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.Inbound;
import com.convonite.support.WebSession;
import com.convonite.workspace.Role;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Saved views of the Conversations tab (issue #18 §3): a member's own views, views an admin shares with the
 * workspace, the view on screen marked in the sidebar, refused names that lose nothing, and workspaces apart.
 */
class SavedViewsIntegrationTests extends ApiIntegrationTest {

	TestWorkspace workspace;

	Api agent;

	Api otherAgent;

	@BeforeEach
	void logSome() {
		this.workspace = newWorkspace();
		this.agent = agent(this.workspace);
		this.otherAgent = member(this.workspace, Role.AGENT, "Olga Other");
		var chat = Inbound.deliver(this.workspace.admin(), Inbound.phone(), "Ana Souza", "hello", OffsetDateTime.now());
		String purposeId = this.workspace.admin().get("/purposes").json().get(0).path("id").asString();
		for (String subject : new String[] { "Refund for broken blender", "Blender colours", "Delivery times" }) {
			var logged = this.agent.post("/conversations", body("chatId", chat.chatId(), "subject", subject,
					"purposeId", purposeId, "startTime", OffsetDateTime.now().minusHours(1).toString()));
			assertThat(logged.status()).as(logged.toString()).isEqualTo(201);
		}
	}

	private WebSession web(Api member) {
		return WebSession.signIn(this.port, member.email, PASSWORD);
	}

	private static String sidebar(String page) {
		int start = page.indexOf("id=\"saved-views\"");
		assertThat(start).as("the page has the saved views sidebar").isPositive();
		return page.substring(start, page.indexOf("</section>", start));
	}

	private static HttpResponse<String> save(WebSession web, String name, String query, boolean shared) {
		web.get("/conversations");
		return web.postForm("/conversations/views", shared ? Map.of("name", name, "query", query, "shared", "true")
				: Map.of("name", name, "query", query));
	}

	@Test
	void aMemberSavesTheFiltersOnScreenAndOpensThemAgainAtTheSameUrl() {
		WebSession agent = web(this.agent);
		// The page's own save form carries the filters on screen: the cursor and empty filters are left out.
		String page = agent.get("/conversations?q=blender&purposeId=&status=OPEN&sort=-startTime").body();
		assertThat(page).contains("name=\"query\" value=\"q=blender&amp;sort=-startTime&amp;status=OPEN\"");
		assertThat(sidebar(page)).contains("No saved views yet");

		var saved = save(agent, "Open blender talks", "status=OPEN&q=blender&sort=-startTime&cursor=abc&ownerId=", false);
		assertThat(saved.statusCode()).isEqualTo(302);
		String url = saved.headers().firstValue("Location").orElseThrow();
		assertThat(url).endsWith("/conversations?q=blender&sort=-startTime&status=OPEN");

		String opened = agent.get(url.replaceFirst("^https?://[^/]+", "")).body();
		assertThat(opened).contains("View “Open blender talks” saved.").contains("2 conversations");
		assertThat(sidebar(opened)).contains("My views").contains("aria-current=\"page\"").contains("Open blender talks");
		assertThat(opened.split("id=\"saved-views\"", -1)).as("the page lists the views once").hasSize(2);
		// The same filters in another order (as a plain form sends them, spaces as +) are the same view.
		assertThat(sidebar(agent.get("/conversations?status=OPEN&sort=-startTime&q=blender").body()))
			.contains("aria-current=\"page\"");
		// Other filters: the view is listed but not marked; htmx's answer marks it out of band as filters change.
		assertThat(sidebar(agent.get("/conversations?q=delivery").body())).contains("Open blender talks")
			.doesNotContain("aria-current");
		String fragment = agent.get("/conversations?q=blender&status=OPEN&sort=-startTime", Map.of("HX-Request", "true"))
			.body();
		assertThat(fragment).contains("hx-swap-oob=\"true\"");
		assertThat(sidebar(fragment)).contains("aria-current=\"page\"");

		// Private: nobody else sees it, the admin included.
		assertThat(sidebar(web(this.otherAgent).get("/conversations").body())).doesNotContain("Open blender talks");
		assertThat(sidebar(web(this.workspace.admin()).get("/conversations").body())).doesNotContain("Open blender talks");
	}

	@Test
	void anAdminSharesAViewWithEveryMemberAndOnlyAdminsRemoveIt() {
		WebSession admin = web(this.workspace.admin());
		var shared = save(admin, "Everything open", "status=OPEN", true);
		assertThat(shared.statusCode()).isEqualTo(302);
		String otherPage = web(this.otherAgent).get("/conversations").body();
		assertThat(sidebar(otherPage)).contains("Shared with the workspace").contains("Everything open")
			.doesNotContain("Delete view Everything open");
		String id = viewId(sidebar(otherPage), "Everything open");

		// An agent can neither share a view nor delete a shared one; nothing changes.
		WebSession agent = web(this.agent);
		assertThat(save(agent, "Mine for all", "status=CLOSED", true).statusCode()).isEqualTo(403);
		agent.get("/conversations");
		assertThat(agent.postForm("/conversations/views/" + id + "/delete", Map.of()).statusCode()).isEqualTo(403);
		String agentSidebar = sidebar(agent.get("/conversations").body());
		assertThat(agentSidebar).contains("Everything open").doesNotContain("Mine for all");

		admin.get("/conversations");
		var deleted = admin.postForm("/conversations/views/" + id + "/delete", Map.of());
		assertThat(deleted.statusCode()).isEqualTo(302);
		assertThat(sidebar(web(this.otherAgent).get("/conversations").body())).doesNotContain("Everything open");
	}

	@Test
	void aRefusedNameKeepsTheFormOpenWithItsMessageAndLosesNothing() {
		WebSession agent = web(this.agent);
		assertThat(save(agent, "Blender", "q=blender", false).statusCode()).isEqualTo(302);
		var again = save(agent, " blender ", "q=delivery", false);
		assertThat(again.statusCode()).isEqualTo(302);
		String back = again.headers().firstValue("Location").orElseThrow();
		assertThat(back).endsWith("/conversations?q=delivery");
		String page = agent.get(back.replaceFirst("^https?://[^/]+", "")).body();
		assertThat(page).contains("<details class=\"save-view\" open")
			.contains("Name is already the name of one of your views: choose another name, or delete that view first.")
			.contains("value=\" blender \"");
		// The first view still opens its own filters, and no second one was made.
		String side = sidebar(page);
		assertThat(side.split("class=\"d-flex align-items-center gap-1 saved-view\"", -1)).hasSize(2);
		assertThat(side).contains("href=\"/conversations?q=blender\"");

		var blank = save(agent, "   ", "q=delivery", false);
		String blankPage = agent.get(blank.headers().firstValue("Location").orElseThrow().replaceFirst("^https?://[^/]+", ""))
			.body();
		assertThat(blankPage).contains("Name is required.");
	}

	@Test
	void anotherWorkspaceNeitherSeesNorDeletesAView() {
		WebSession agent = web(this.agent);
		save(agent, "Blender", "q=blender", false);
		String id = viewId(sidebar(agent.get("/conversations").body()), "Blender");

		var stranger = newWorkspace();
		WebSession strangerWeb = web(stranger.admin());
		assertThat(sidebar(strangerWeb.get("/conversations").body())).doesNotContain("Blender");
		strangerWeb.get("/conversations");
		assertThat(strangerWeb.postForm("/conversations/views/" + id + "/delete", Map.of()).statusCode()).isEqualTo(404);
		// Nor does a member of the same workspace delete another member's private view.
		WebSession other = web(this.otherAgent);
		other.get("/conversations");
		assertThat(other.postForm("/conversations/views/" + id + "/delete", Map.of()).statusCode()).isEqualTo(404);
		assertThat(sidebar(agent.get("/conversations").body())).contains("Blender");
	}

	@Test
	void theCanonicalQueryIgnoresOrderEncodingEmptyFiltersAndTheCursor() {
		assertThat(SavedViews.canonical("status=OPEN&q=a+b&cursor=x&ownerId="))
			.isEqualTo(SavedViews.canonical("?q=a%20b&status=OPEN"))
			.isEqualTo("q=a+b&status=OPEN");
		assertThat(SavedViews.canonical("purposeId=2&purposeId=1&q=50%25")).isEqualTo("purposeId=2&purposeId=1&q=50%25");
		assertThat(SavedViews.canonical("q=%zz&status=OPEN")).isEqualTo("status=OPEN");
		assertThat(SavedViews.canonical(null)).isEmpty();
	}

	private static String viewId(String sidebar, String name) {
		var matcher = java.util.regex.Pattern.compile("data-view-id=\"(\\d+)\"[^>]*>\\s*<a[^>]*>" + name + "<")
			.matcher(sidebar);
		assertThat(matcher.find()).as("view " + name + " in " + sidebar).isTrue();
		return matcher.group(1);
	}

}
