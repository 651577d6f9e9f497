package com.convonite.notification;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import com.convonite.chat.ChatAssigned;
import com.convonite.chat.MessageReceived;
import com.convonite.shared.WorkspaceScope;
import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.Inbound;
import com.convonite.support.WebSession;
import com.convonite.task.FollowUpTasks;
import com.convonite.task.NewFollowUpTask;
import com.convonite.task.TaskAssigned;
import com.convonite.task.TaskCompleted;
import com.convonite.task.TaskCreated;
import com.convonite.task.TaskFellDue;
import com.convonite.workspace.Role;
import com.convonite.workspace.SignedInMember;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.events.core.EventSerializer;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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

	@Autowired
	EventSerializer serializer;

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

		// Two more messages are one line of the bell's menu, which says there is one more.
		Inbound.deliver(workspace.admin(), phone, "Maria Lopes", "Hello again", OffsetDateTime.now());
		Inbound.deliver(workspace.admin(), phone, "Maria Lopes", "Anyone?", OffsetDateTime.now());
		eventually(() -> this.notifications.unseen(workspace.id(), agentId) == 2);
		String bell = WebSession.signIn(this.port, agent.email, PASSWORD).get("/notifications/bell").body();
		assertThat(bell.split("class=\"dropdown-item notification-item is-unread\"", -1)).hasSize(2);
		assertThat(bell).contains("Anyone?").contains("and 1 more message").doesNotContain("Hello again");
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

	/**
	 * The event publication registry delivers at least once: an event still waiting for a listener thread when
	 * it is resubmitted, or one whose listener committed on an instance killed before the publication was marked
	 * complete, reaches the listener again, on this or another instance, possibly at the same moment. Two
	 * instances behind a balancer gave the assignee of a task two notifications for it.
	 */
	@Test
	void anEventDeliveredAgainNotifiesOnceAndAnotherLikeItNotifiesAgain() {
		var workspace = newWorkspace();
		long agentId = Long.parseLong(agent(workspace).memberId);
		long taskId = Long.parseLong(this.tasks
			.create(workspace.adminMember(), new NewFollowUpTask(null, null, null, "Call Maria back", agentId, null, null))
			.id());
		eventually(() -> this.notifications.unseen(workspace.id(), agentId) == 1);

		// the same event handed to the listener twice at once (two publications of it), then once more
		TaskFellDue due = new TaskFellDue(workspace.id(), taskId, agentId);
		this.transactions.executeWithoutResult((tx) -> {
			this.events.publishEvent(due);
			this.events.publishEvent(due);
		});
		eventually(() -> this.notifications.unseen(workspace.id(), agentId) >= 2);
		this.transactions.executeWithoutResult((tx) -> this.events.publishEvent(due));
		pause(1000);
		assertThat(this.notifications.newest(workspace.id(), agentId, 10)).extracting(NotificationView::kind)
			.as("one notification per event")
			.containsExactly(NotificationKind.TASK_DUE, NotificationKind.TASK_ASSIGNED);

		// another event like it (the task fell due again) is news again
		this.transactions.executeWithoutResult(
				(tx) -> this.events.publishEvent(new TaskFellDue(workspace.id(), taskId, agentId)));
		eventually(() -> this.notifications.unseen(workspace.id(), agentId) == 3);
	}

	/** What the event publication registry stores and hands out again is the same event, its id included. */
	@Test
	void anEventKeepsItsIdThroughTheEventPublicationRegistry() {
		for (Object event : List.of(new TaskCreated(1, 2, 3, 4), new TaskAssigned(1, 2, 3, 4, 5),
				new TaskCompleted(1, 2, 3, 4), new TaskFellDue(1, 2, 3), new ChatAssigned(1, 2, null, 3L, 4),
				new MessageReceived(1, 2, 3, 4L))) {
			assertThat(this.serializer.deserialize(this.serializer.serialize(event), event.getClass()))
				.isEqualTo(event);
		}
	}

	/** Two instances storing the same event's notification at the same moment: one stores it, the other nothing. */
	@Test
	void aNotificationIsStoredOncePerEventEvenAtTheSameMoment() throws Exception {
		var workspace = newWorkspace();
		long adminId = workspace.adminMember().memberId();
		UUID event = UUID.randomUUID();
		CountDownLatch ready = new CountDownLatch(2);
		Supplier<Long> store = () -> WorkspaceScope.call(workspace.id(), () -> this.transactions.execute((tx) -> {
			ready.countDown();
			await(ready);
			long id = this.notifications.notify(workspace.id(), adminId, NotificationKind.TASK_DUE, "Task due: x",
					"/tasks/1/edit", event);
			pause(300); // still uncommitted: the other one's insert of the same event waits for this one's outcome
			return id;
		}));
		CompletableFuture<Long> one = CompletableFuture.supplyAsync(store);
		CompletableFuture<Long> two = CompletableFuture.supplyAsync(store);
		assertThat(List.of(one.get(20, TimeUnit.SECONDS), two.get(20, TimeUnit.SECONDS))).as("ids stored (0: none)")
			.filteredOn((id) -> id != 0)
			.hasSize(1);
		assertThat(WorkspaceScope.call(workspace.id(), () -> this.notifications.notify(workspace.id(), adminId,
				NotificationKind.TASK_DUE, "Task due: x", "/tasks/1/edit", event)))
			.as("stored again later")
			.isZero();
		assertThat(WorkspaceScope.call(workspace.id(), () -> this.notifications.unseen(workspace.id(), adminId)))
			.isEqualTo(1);
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

	/**
	 * The bell counts and lists my notifications, each read or unread; looking at the list reads none of them,
	 * opening one reads that one only and goes where it leads, and "mark all read" reads the rest.
	 */
	@Test
	void theBellListsMyNotificationsAndOpeningOneReadsOnlyThatOne() {
		var workspace = newWorkspace();
		long adminId = workspace.adminMember().memberId();
		long due = this.notifications.notify(workspace.id(), adminId, NotificationKind.TASK_DUE, "Task due: <b>x</b>",
				"/tasks/5/edit", UUID.randomUUID());
		this.notifications.notify(workspace.id(), adminId, NotificationKind.TASK_ASSIGNED, "Bea gave you a task: y",
				"/tasks/6/edit", UUID.randomUUID());
		WebSession me = WebSession.signIn(this.port, workspace.adminEmail(), PASSWORD);
		var bell = me.get("/notifications/bell");
		assertThat(bell.body()).contains("id=\"notification-bell\"")
			.contains("data-unseen=\"2\"")
			.contains("Task due: &lt;b&gt;x&lt;/b&gt;")
			.contains("href=\"/notifications/" + due + "\"");
		assertThat(me.get("/notifications").body()).contains("Task due: &lt;b&gt;x&lt;/b&gt;");
		assertThat(me.get("/notifications/bell").body()).as("looking reads nothing").contains("data-unseen=\"2\"");

		var opened = me.get("/notifications/" + due);
		assertThat(opened.statusCode()).isEqualTo(302);
		assertThat(opened.headers().firstValue("Location").orElse("")).endsWith("/tasks/5/edit");
		assertThat(this.notifications.newest(workspace.id(), adminId, 10)).extracting(NotificationView::text,
				NotificationView::isNew)
			.containsExactly(tuple("Bea gave you a task: y", true),
					tuple("Task due: <b>x</b>", false));
		assertThat(me.get("/notifications/bell").body()).contains("data-unseen=\"1\"");

		var stranger = newWorkspace();
		WebSession other = WebSession.signIn(this.port, stranger.adminEmail(), PASSWORD);
		assertThat(other.get("/notifications").body()).doesNotContain("Task due");
		assertThat(other.get("/notifications/" + due).statusCode()).as("someone else's notification").isEqualTo(404);
		assertThat(me.get("/notifications/not-a-number").statusCode()).isEqualTo(404);

		var all = me.postForm("/notifications/seen", Map.of());
		assertThat(all.statusCode()).isEqualTo(302);
		assertThat(all.headers().firstValue("Location").orElse("")).endsWith("/notifications");
		assertThat(this.notifications.unseen(workspace.id(), adminId)).isZero();
		var fromBell = me.postRaw("/notifications/seen", WebSession.encode(Map.of("_csrf", me.csrfToken())),
				Map.of("HX-Request", "true"));
		assertThat(fromBell.statusCode()).isEqualTo(200);
		assertThat(fromBell.body()).contains("data-unseen=\"0\"").contains("notification-menu-items");
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

	static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
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
