package com.convonite.notification;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.Inbound;
import com.convonite.support.WebSession;
import com.convonite.task.FollowUpTasks;
import com.convonite.task.NewFollowUpTask;
import com.convonite.task.TaskFellDue;
import com.convonite.workspace.Role;
import com.convonite.workspace.SignedInMember;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationIntegrationTests extends ApiIntegrationTest {

	@Autowired
	Notifications notifications;

	@Autowired
	LiveUpdates live;

	@Autowired
	FollowUpTasks tasks;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void aMessageInMyChatNotifiesMeAndAnUnassignedChatNobody() {
		var workspace = newWorkspace();
		Api agent = agent(workspace);
		long agentId = Long.parseLong(agent.memberId);
		String phone = Inbound.phone();
		var first = Inbound.deliver(workspace.admin(), phone, "Maria Lopes", "Hello?", OffsetDateTime.now());
		pause(300);
		assertThat(this.notifications.unseen(workspace.id(), agentId)).isZero();
		assertThat(this.notifications.unseen(workspace.id(), workspace.adminMember().memberId())).isZero();

		agent.post("/chats/" + first.chatId() + "/assign", body("assigneeId", agent.memberId));
		Inbound.deliver(workspace.admin(), phone, "Maria Lopes", "Is my order coming today?", OffsetDateTime.now());
		eventually(() -> this.notifications.unseen(workspace.id(), agentId) == 1);
		var stored = this.notifications.newest(workspace.id(), agentId, 10);
		assertThat(stored).singleElement().satisfies((n) -> {
			assertThat(n.kind()).isEqualTo(NotificationKind.MESSAGE);
			assertThat(n.text()).contains("Maria Lopes").contains("Is my order coming today?");
			assertThat(n.link()).isEqualTo("/chats/" + first.chatId());
			assertThat(n.isNew()).isTrue();
		});
		assertThat(this.notifications.unseen(workspace.id(), workspace.adminMember().memberId())).isZero();

		assertThat(this.notifications.markAllSeen(workspace.id(), agentId)).isEqualTo(1);
		assertThat(this.notifications.unseen(workspace.id(), agentId)).isZero();
		assertThat(this.notifications.newest(workspace.id(), agentId, 10)).singleElement()
			.satisfies((n) -> assertThat(n.isNew()).isFalse());
	}

	@Test
	void aTaskGivenBySomeoneElseOrFallingDueNotifiesItsAssigneeButNotATaskOfMyOwn() {
		var workspace = newWorkspace();
		Api agentApi = agent(workspace);
		long agentId = Long.parseLong(agentApi.memberId);
		SignedInMember agent = new SignedInMember(workspace.id(), agentId, Role.AGENT, "Andy Agent");

		this.tasks.create(agent, new NewFollowUpTask(null, null, null, "My own reminder", null, null, null));
		var given = this.tasks.create(workspace.adminMember(),
				new NewFollowUpTask(null, null, null, "Call Maria back", agentId, null, null));
		eventually(() -> this.notifications.unseen(workspace.id(), agentId) == 1);
		assertThat(this.notifications.newest(workspace.id(), agentId, 10)).singleElement().satisfies((n) -> {
			assertThat(n.kind()).isEqualTo(NotificationKind.TASK_ASSIGNED);
			assertThat(n.text()).isEqualTo("Ada Admin gave you a task: Call Maria back");
		});

		this.transactions.executeWithoutResult((tx) -> this.events
			.publishEvent(new TaskFellDue(workspace.id(), Long.parseLong(given.id()), agentId)));
		eventually(() -> this.notifications.unseen(workspace.id(), agentId) == 2);
		assertThat(this.notifications.newest(workspace.id(), agentId, 10).get(0).text())
			.isEqualTo("Task due: Call Maria back");
		assertThat(this.notifications.unseen(workspace.id(), workspace.adminMember().memberId())).isZero();
	}

	@Test
	void rolledBackWorkNotifiesNobody() {
		var workspace = newWorkspace();
		Api agentApi = agent(workspace);
		long agentId = Long.parseLong(agentApi.memberId);
		this.transactions.executeWithoutResult((tx) -> {
			this.events.publishEvent(new TaskFellDue(workspace.id(), 1, agentId));
			tx.setRollbackOnly();
		});
		pause(300);
		assertThat(this.notifications.unseen(workspace.id(), agentId)).isZero();
	}

	@Test
	void liveUpdatesGoToTheMembersOfTheWorkspaceOnly() throws Exception {
		var mine = newWorkspace();
		var other = newWorkspace();
		Api agent = agent(mine);
		long agentId = Long.parseLong(agent.memberId);
		EventStream agentStream = connect(agent.email);
		EventStream strangerStream = connect(other.adminEmail());
		eventually(() -> this.live.connections(mine.id(), agentId) == 1
				&& this.live.connections(other.id(), other.adminMember().memberId()) == 1);

		var delivered = Inbound.deliver(mine.admin(), Inbound.phone(), "Maria", "Hello", OffsetDateTime.now());
		assertThat(agentStream.next("data:")).isEqualTo("data:" + delivered.chatId());
		assertThat(agentStream.seen).anyMatch((line) -> line.equals("event:message"));

		// The member of the other workspace hears nothing of it: the next thing it gets is its own chat.
		var own = Inbound.deliver(other.admin(), Inbound.phone(), "Otto", "Hallo", OffsetDateTime.now());
		assertThat(strangerStream.next("data:")).isEqualTo("data:" + own.chatId());

		// A closed connection leaves the registry at the next write to it (here the heartbeat).
		agentStream.close();
		strangerStream.close();
		eventually(() -> {
			this.live.heartbeat();
			return this.live.connections(mine.id(), agentId) == 0;
		});
	}

	@Test
	void pagesAndPanelsAnswer404ForAnotherWorkspacesIds() {
		var mine = newWorkspace();
		var other = newWorkspace();
		var delivered = Inbound.deliver(other.admin(), Inbound.phone(), "Otto", "Secret", OffsetDateTime.now());
		WebSession me = WebSession.signIn(this.port, mine.adminEmail(), PASSWORD);
		assertThat(me.get("/chats/" + delivered.chatId()).statusCode()).isEqualTo(404);
		var panel = me.get("/contacts/" + delivered.contactId() + "/chats-panel");
		assertThat(panel.statusCode()).isEqualTo(404);
		assertThat(panel.body()).doesNotContain("Secret").doesNotContain("Otto");
		var list = me.get("/chats?view=all");
		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(list.body()).doesNotContain("Otto");

		WebSession owner = WebSession.signIn(this.port, other.adminEmail(), PASSWORD);
		var ownPanel = owner.get("/contacts/" + delivered.contactId() + "/chats-panel");
		assertThat(ownPanel.statusCode()).isEqualTo(200);
		assertThat(ownPanel.body()).contains("/chats/" + delivered.chatId()).contains("Secret");
	}

	@Test
	void theBellCountsMyUnseenNotificationsAndTheNotificationsPageMarksThemSeen() {
		var workspace = newWorkspace();
		long adminId = workspace.adminMember().memberId();
		this.notifications.notify(workspace.id(), adminId, NotificationKind.TASK_DUE, "Task due: <b>x</b>", "/tasks");
		WebSession me = WebSession.signIn(this.port, workspace.adminEmail(), PASSWORD);
		var bell = me.get("/notifications/bell");
		assertThat(bell.body()).contains("id=\"notification-bell\"").contains("data-unseen=\"1\"");
		var page = me.get("/notifications");
		assertThat(page.body()).contains("Task due: &lt;b&gt;x&lt;/b&gt;");
		assertThat(me.get("/notifications/bell").body()).contains("data-unseen=\"0\"");
		var stranger = newWorkspace();
		assertThat(WebSession.signIn(this.port, stranger.adminEmail(), PASSWORD).get("/notifications").body())
			.doesNotContain("Task due");
	}

	private EventStream connect(String email) {
		// The web app's stream, opened by a signed-in browser session (HTTP Basic is for the API only)
		WebSession session = WebSession.signIn(this.port, email, PASSWORD);
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/events"))
			.header("Accept", "text/event-stream")
			.build();
		EventStream stream = new EventStream();
		HttpClient client = HttpClient.newBuilder().cookieHandler(session.cookies).build();
		stream.response = client.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenApply((response) -> {
			assertThat(response.statusCode()).isEqualTo(200);
			Thread reader = new Thread(() -> {
				try {
					response.body().forEach(stream.lines::add);
				}
				catch (java.io.UncheckedIOException closed) {
					// the test closed the stream
				}
			});
			reader.setDaemon(true);
			reader.start();
			return response;
		});
		return stream;
	}

	static final class EventStream {

		final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

		final java.util.List<String> seen = new java.util.ArrayList<>();

		CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response;

		String next(String prefix) throws InterruptedException {
			long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (System.nanoTime() < end) {
				String line = this.lines.poll(200, TimeUnit.MILLISECONDS);
				if (line != null) {
					this.seen.add(line);
					if (line.startsWith(prefix)) {
						return line;
					}
				}
			}
			throw new AssertionError("No line starting with " + prefix + " within 10 s; saw " + this.seen);
		}

		void close() {
			this.response.thenAccept((r) -> r.body().close());
		}

	}

	static void eventually(BooleanSupplier condition) {
		long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > end) {
				throw new AssertionError("Condition not met within 10 s");
			}
			pause(50);
		}
	}

	static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
