package com.convonite.conversation;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import com.convonite.shared.ProblemException;
import com.convonite.shared.Validation;
import com.convonite.shared.WorkspaceScope;
import com.convonite.workspace.MemberView;
import com.convonite.workspace.Members;
import com.convonite.workspace.SignedInMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Bulk actions on the Conversations tab (issue #18 §3): close, reopen, change the owner or the purpose of a
 * selected set, or of every conversation matching a filter. The set is fixed when the member confirms. Each
 * conversation then changes through the same {@link Conversations} commands as one at a time (in its own
 * transaction, with its own history entry and event, under the same rules and permissions); those a rule or a
 * permission refuses are skipped and listed with the reason, and those already as asked are left unchanged.
 * <p>
 * Up to {@code convonite.conversations.bulk.inline-limit} (1,000) conversations change while the request waits;
 * more run in the background, the job recording its progress after every batch, and a run stopped by a restart
 * is resumed from there by the next check (on any server). A confirmation sent twice (its one-time request key)
 * finds the job it started.
 */
@Service
public class BulkChanges implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(BulkChanges.class);

	/** The most conversations one bulk change takes: a filter matching more must be narrowed. */
	static final int MAX_SET = 50_000;

	static final int BATCH = 50;

	static final int SKIPS_KEPT = 1000;

	public enum Action {

		CLOSE, REOPEN, OWNER, PURPOSE, FIELD;

		boolean needsValue() {
			return this == OWNER || this == PURPOSE || this == FIELD;
		}

	}

	/** A bulk change as its page shows it: what it does, how far it got, and what it skipped and why. */
	public record BulkChangeView(String id, Action action, String valueId, String fieldKey, String fieldValue, int total, int done, int changed,
			int unchanged, int skippedCount, List<Skip> skipped, boolean finished, OffsetDateTime createdAt) {

		public int percent() {
			return (this.total == 0) ? 100 : (int) Math.floor(100.0 * this.done / this.total);
		}

	}

	public record Skip(String id, String subject, String reason) {
	}

	/**
	 * What the action sets: the new owner's or purpose's id, or a single-select field's key and the chosen
	 * option's label.
	 */
	public record Target(Long valueId, String fieldKey, String fieldValue) {

		static final Target NONE = new Target(null, null, null);

	}

	private enum Outcome {
		CHANGED, UNCHANGED, SKIPPED
	}

	private final JdbcClient jdbc;

	private final Conversations conversations;

	private final Purposes purposes;

	private final Members members;

	private final ConversationFields fields;

	private final ObjectMapper json;

	private final int inlineLimit;

	private final Duration staleAfter;

	private final SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("conversation-bulk-");

	private volatile boolean running;

	BulkChanges(JdbcClient jdbc, Conversations conversations, Purposes purposes, Members members,
			ConversationFields fields, ObjectMapper json,
			@Value("${convonite.conversations.bulk.inline-limit:1000}") int inlineLimit,
			@Value("${convonite.conversations.bulk.stale-after:PT1M}") Duration staleAfter) {
		this.jdbc = jdbc;
		this.conversations = conversations;
		this.purposes = purposes;
		this.members = members;
		this.fields = fields;
		this.json = json;
		this.inlineLimit = inlineLimit;
		this.staleAfter = staleAfter;
	}

	/**
	 * Checks the action and its value (an active member for OWNER, an active purpose for PURPOSE, {@code key:choice}
	 * of an active single-select field for FIELD) and returns what it sets; a 400 naming the field otherwise.
	 */
	public Target checkAction(SignedInMember me, String action, String value) {
		Validation validation = new Validation();
		Action parsed = parse(action, validation);
		if (parsed == Action.FIELD) {
			Target target = fieldTarget(me.workspaceId(), value, validation);
			validation.throwIfInvalid();
			return target;
		}
		Long valueId = null;
		if (parsed != null && parsed.needsValue()) {
			valueId = com.convonite.shared.Ids.parse(value);
			if (parsed == Action.OWNER && (valueId == null || !this.members.isAssignable(me.workspaceId(), valueId))) {
				validation.reject("ownerId", "must be an active member of this workspace");
			}
			if (parsed == Action.PURPOSE) {
				this.purposes.checkSelectable(me.workspaceId(), valueId, "purposeId", validation);
			}
		}
		validation.throwIfInvalid();
		return new Target(valueId, null, null);
	}

	/** {@code key:choice}: an active single-select field of the workspace and one of its active choices. */
	private Target fieldTarget(long workspaceId, String value, Validation validation) {
		int colon = (value != null) ? value.indexOf(':') : -1;
		String key = (colon > 0) ? value.substring(0, colon) : null;
		ConversationFieldView field = this.fields.list(workspaceId, false)
			.stream()
			.filter((f) -> f.key().equals(key) && f.type() == ConversationFieldView.Type.SINGLE_SELECT)
			.findFirst()
			.orElse(null);
		if (field == null) {
			validation.reject("fieldValue", "must be a single-select field of this workspace and one of its choices, "
					+ "as key:choice");
			return Target.NONE;
		}
		String choice = value.substring(colon + 1);
		return field.options()
			.stream()
			.filter((o) -> !o.archived() && o.label().equalsIgnoreCase(choice))
			.findFirst()
			.map((o) -> new Target(null, key, o.label()))
			.orElseGet(() -> {
				validation.reject("fieldValue", "'" + choice + "' is not an active choice of '" + field.name() + "'");
				return Target.NONE;
			});
	}

	static Action parse(String action, Validation validation) {
		try {
			return Action.valueOf((action == null) ? "" : action);
		}
		catch (IllegalArgumentException ex) {
			validation.reject("action", "must be one of close, reopen, change owner or change purpose");
			return null;
		}
	}

	/** The conversations the bulk change is to work on: those picked, or every one matching the query. */
	public List<Long> set(SignedInMember me, List<Long> picked, ConversationQuery allMatching) {
		List<Long> ids = (allMatching != null) ? this.conversations.ids(me.workspaceId(), allMatching, MAX_SET)
				: picked.stream().distinct().toList();
		if (ids.isEmpty()) {
			throw ProblemException.invalid("ids", "must name at least one conversation: tick some, or choose all that "
					+ "match the filter");
		}
		if (ids.size() > MAX_SET) {
			throw ProblemException.invalid("ids", "must be at most " + MAX_SET + " conversations at once: narrow the "
					+ "filter (a period, a purpose or an owner)");
		}
		return ids;
	}

	/**
	 * Starts the bulk change (or finds the one this request key started) and returns its id: small sets are done
	 * when this returns, larger ones run in the background.
	 */
	public long start(SignedInMember me, String requestKey, String action, Target target, List<Long> ids) {
		Validation validation = new Validation();
		Action parsed = parse(action, validation);
		String key = validation.text("requestKey", requestKey, true, 100);
		validation.throwIfInvalid();
		String runner = UUID.randomUUID().toString();
		Optional<Long> created = this.jdbc.sql("""
				insert into conversation_bulk_change (workspace_id, member_id, request_key, action, value_id,
				  field_key, field_value, conversation_ids, runner)
				values (:workspaceId, :memberId, :key, :action, :valueId, :fieldKey, :fieldValue, :ids, :runner)
				on conflict (workspace_id, member_id, request_key) do nothing
				returning id
				""")
			.param("workspaceId", me.workspaceId())
			.param("memberId", me.memberId())
			.param("key", key)
			.param("action", parsed.name())
			.param("valueId", target.valueId())
			.param("fieldKey", target.fieldKey())
			.param("fieldValue", target.fieldValue())
			.param("ids", ids.toArray(Long[]::new))
			.param("runner", runner)
			.query(Long.class)
			.optional();
		if (created.isEmpty()) {
			return this.jdbc.sql("""
					select id from conversation_bulk_change
					where workspace_id = :workspaceId and member_id = :memberId and request_key = :key
					""")
				.param("workspaceId", me.workspaceId())
				.param("memberId", me.memberId())
				.param("key", key)
				.query(Long.class)
				.single();
		}
		long id = created.get();
		if (ids.size() <= this.inlineLimit) {
			run(me.workspaceId(), id, runner);
		}
		else {
			long workspaceId = me.workspaceId();
			this.executor.execute(() -> WorkspaceScope.run(workspaceId, () -> run(workspaceId, id, runner)));
		}
		return id;
	}

	/** The member's own bulk change; 404 for another member's or another workspace's. */
	public BulkChangeView get(SignedInMember me, long id) {
		return this.jdbc.sql("""
				select id, action, value_id, field_key, field_value, cardinality(conversation_ids), done, changed,
				  unchanged, skipped_count, skipped::text, status, created_at
				from conversation_bulk_change
				where workspace_id = :workspaceId and id = :id and member_id = :memberId
				""")
			.param("workspaceId", me.workspaceId())
			.param("id", id)
			.param("memberId", me.memberId())
			.query((rs, n) -> new BulkChangeView(Long.toString(rs.getLong(1)), Action.valueOf(rs.getString(2)),
					(rs.getObject(3) != null) ? Long.toString(rs.getLong(3)) : null, rs.getString(4), rs.getString(5),
					rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), skips(rs.getString(11)),
					"DONE".equals(rs.getString(12)), rs.getObject(13, OffsetDateTime.class)))
			.optional()
			.orElseThrow(() -> ProblemException.notFound("bulk change"));
	}

	private List<Skip> skips(String stored) {
		return List.of(this.json.readValue(stored, Skip[].class));
	}

	private record Job(long memberId, Action action, Target target, Long[] ids, int done) {
	}

	/** Works through the job from where it got, a batch at a time, for as long as {@code runner} owns it. */
	void run(long workspaceId, long id, String runner) {
		Job job = this.jdbc.sql("""
				select member_id, action, value_id, field_key, field_value, conversation_ids, done
				from conversation_bulk_change
				where workspace_id = :workspaceId and id = :id and status = 'RUNNING' and runner = :runner
				""")
			.param("workspaceId", workspaceId)
			.param("id", id)
			.param("runner", runner)
			.query((rs, n) -> new Job(rs.getLong(1), Action.valueOf(rs.getString(2)),
					new Target((rs.getObject(3) != null) ? rs.getLong(3) : null, rs.getString(4), rs.getString(5)),
					(Long[]) rs.getArray(6).getArray(), rs.getInt(7)))
			.optional()
			.orElse(null);
		if (job == null) {
			return;
		}
		try {
			SignedInMember actor = actor(workspaceId, job.memberId());
			for (int from = job.done(); from < job.ids().length; from += BATCH) {
				if (!this.running) {
					return; // stopping: the resume check takes it up again from the last batch recorded
				}
				int to = Math.min(from + BATCH, job.ids().length);
				int changed = 0;
				int unchanged = 0;
				List<Skip> skipped = new ArrayList<>();
				for (int i = from; i < to; i++) {
					long conversationId = job.ids()[i];
					switch (apply(actor, job.action(), job.target(), conversationId, skipped)) {
						case CHANGED -> changed++;
						case UNCHANGED -> unchanged++;
						case SKIPPED -> {
						}
					}
				}
				if (!progress(workspaceId, id, runner, to, changed, unchanged, skipped, to == job.ids().length)) {
					return; // another run took it over
				}
			}
		}
		catch (RuntimeException ex) {
			if (this.running) {
				log.error("Bulk change {} of workspace {} stopped; the resume check takes it up again", id, workspaceId,
						ex);
			}
		}
	}

	/** The member the job runs as, with their role now: a deactivated member's job changes nothing more. */
	private SignedInMember actor(long workspaceId, long memberId) {
		MemberView member = this.members.find(workspaceId, memberId)
			.filter(MemberView::active)
			.orElseThrow(() -> ProblemException.forbidden("The member who started this bulk change is no longer active."));
		return new SignedInMember(workspaceId, memberId, member.role(), member.name());
	}

	private Outcome apply(SignedInMember actor, Action action, Target target, long id, List<Skip> skipped) {
		Long valueId = target.valueId();
		String subject = "#" + id;
		for (int attempt = 1;; attempt++) {
			try {
				ConversationView current = this.conversations.get(actor.workspaceId(), id);
				subject = current.subject();
				switch (action) {
					case CLOSE -> {
						if (current.status() == ConversationStatus.CLOSED) {
							return Outcome.UNCHANGED;
						}
						this.conversations.close(actor, id);
					}
					case REOPEN -> {
						if (current.status() == ConversationStatus.OPEN) {
							return Outcome.UNCHANGED;
						}
						this.conversations.reopen(actor, id);
					}
					case OWNER -> {
						if (current.ownerId().equals(Long.toString(valueId))) {
							return Outcome.UNCHANGED;
						}
						this.conversations.change(actor, id, current.version(), new ConversationChanges(null, null, null,
								null, Optional.of(valueId), null, null, null, null, null, null));
					}
					case PURPOSE -> {
						if (current.purposeId().equals(Long.toString(valueId))) {
							return Outcome.UNCHANGED;
						}
						this.conversations.change(actor, id, current.version(), new ConversationChanges(null, null,
								Optional.of(valueId), null, null, null, null, null, null, null, null));
					}
					case FIELD -> {
						if (target.fieldValue().equals(current.fields().get(target.fieldKey()))) {
							return Outcome.UNCHANGED;
						}
						this.conversations.change(actor, id, current.version(), new ConversationChanges(null, null, null,
								null, null, null, null, null, null, null, Map.of(target.fieldKey(), target.fieldValue())));
					}
				}
				return Outcome.CHANGED;
			}
			catch (ProblemException ex) {
				boolean changedMeanwhile = ex.status() == HttpStatus.CONFLICT && ex.type() != null
						&& (ex.type().endsWith("stale-version") || ex.type().contains("conversation-already-"));
				if (changedMeanwhile && attempt < 3) {
					continue; // someone changed it a moment ago: read it again
				}
				skipped.add(new Skip(Long.toString(id), subject, reason(ex)));
				return Outcome.SKIPPED;
			}
		}
	}

	private static String reason(ProblemException ex) {
		if (ex.status() == HttpStatus.NOT_FOUND) {
			return "It was deleted.";
		}
		if (ex.errors().isEmpty()) {
			return ex.getMessage();
		}
		return ex.errors().stream().map((e) -> e.field() + " " + e.message()).collect(Collectors.joining("; ")) + ".";
	}

	/** Records a batch, if {@code runner} still owns the job; false when another run took it over. */
	private boolean progress(long workspaceId, long id, String runner, int done, int changed, int unchanged,
			List<Skip> skipped, boolean last) {
		return this.jdbc.sql("""
				update conversation_bulk_change set done = :done, changed = changed + :changed,
				  unchanged = unchanged + :unchanged, skipped_count = skipped_count + :skippedCount,
				  skipped = case when jsonb_array_length(skipped) >= :kept then skipped
				                 else skipped || cast(:skipped as jsonb) end,
				  heartbeat_at = now(),
				  status = case when :last then 'DONE' else status end,
				  finished_at = case when :last then now() else finished_at end
				where workspace_id = :workspaceId and id = :id and runner = :runner and status = 'RUNNING'
				""")
			.param("done", done)
			.param("changed", changed)
			.param("unchanged", unchanged)
			.param("skippedCount", skipped.size())
			.param("kept", SKIPS_KEPT)
			.param("skipped", this.json.writeValueAsString(skipped))
			.param("last", last)
			.param("workspaceId", workspaceId)
			.param("id", id)
			.param("runner", runner)
			.update() == 1;
	}

	/** Takes up bulk changes whose run stopped (a restart, a crash) on any server. */
	@Scheduled(fixedDelayString = "${convonite.conversations.bulk.resume-check-interval:PT30S}",
			initialDelayString = "PT10S")
	void resumeStale() {
		if (!this.running) {
			return;
		}
		String runner = UUID.randomUUID().toString();
		record Claimed(long workspaceId, long id) {
		}
		List<Claimed> stale = WorkspaceScope.callAsSystem("claim bulk changes whose run stopped", () -> this.jdbc.sql("""
				update conversation_bulk_change set runner = :runner, heartbeat_at = now()
				where (workspace_id, id) in (select workspace_id, id from conversation_bulk_change
				             where status = 'RUNNING' and heartbeat_at < now() - make_interval(secs => :seconds)
				             for update skip locked)
				returning workspace_id, id
				""")
			.param("runner", runner)
			.param("seconds", (double) this.staleAfter.toMillis() / 1000)
			.query((rs, n) -> new Claimed(rs.getLong(1), rs.getLong(2)))
			.list());
		for (Claimed job : stale) {
			log.info("Resuming bulk change {} of workspace {}", job.id(), job.workspaceId());
			this.executor.execute(() -> WorkspaceScope.run(job.workspaceId(), () -> run(job.workspaceId(), job.id(), runner)));
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
