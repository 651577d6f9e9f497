package com.convonite.chat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.convonite.shared.Cursor;
import com.convonite.shared.DayParameter;
import com.convonite.shared.FieldProblem;
import com.convonite.shared.Ids;
import com.convonite.shared.ListQueries;
import com.convonite.shared.Page;
import com.convonite.shared.PageRequest;
import com.convonite.shared.ProblemException;
import com.convonite.workspace.SignedInMember;
import com.convonite.workspace.Workspaces;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The times chats were open (migration V180), listed with the filters that the Chats and logging coverage reports
 * count by: opened or closed on days of the workspace's time zone, the agent, the contact, whether a conversation was
 * logged, the first response band. The list counts what matches, so that it shows the same number as the report's
 * figure it was opened from. Every member sees every chat, so every member sees every episode.
 */
@Service
@Transactional(readOnly = true)
public class ChatEpisodes {

	/** The agent filter's value for episodes without an agent (a chat closed while unassigned). */
	public static final long NO_AGENT = 0;

	private final ListQueries lists;

	private final Workspaces workspaces;

	ChatEpisodes(ListQueries lists, Workspaces workspaces) {
		this.lists = lists;
		this.workspaces = workspaces;
	}

	/**
	 * What an episode list shows; every part may be null (any). Days are of the workspace's time zone, both included.
	 * {@code agentId} {@link #NO_AGENT} keeps the episodes without an agent.
	 */
	public record EpisodeFilter(LocalDate openedFrom, LocalDate openedTo, LocalDate closedFrom, LocalDate closedTo,
			Long agentId, Long contactId, Boolean conversationLogged, FirstResponseBand firstResponse) {

		public boolean any() {
			return this.openedFrom != null || this.openedTo != null || this.closedFrom != null || this.closedTo != null
					|| this.agentId != null || this.contactId != null || this.conversationLogged != null
					|| this.firstResponse != null;
		}

		boolean byClose() {
			return (this.closedFrom != null || this.closedTo != null) && this.openedFrom == null && this.openedTo == null;
		}

	}

	/** How many episodes match, and the messages in and out of them. */
	public record EpisodeTotals(long episodes, long messagesIn, long messagesOut) {
	}

	/**
	 * Reads the filters as the API and the web page take them, each refused with its own field message: days such as
	 * 2026-01-31, agentId a member id, me or none, conversationLogged true or false, firstResponse a band's name.
	 */
	public EpisodeFilter filter(SignedInMember me, String openedFrom, String openedTo, String closedFrom,
			String closedTo, String agentId, String contactId, String conversationLogged, String firstResponse) {
		List<FieldProblem> problems = new ArrayList<>();
		LocalDate openedSince = day(openedFrom, "openedFrom", problems);
		LocalDate openedUntil = day(openedTo, "openedTo", problems);
		LocalDate closedSince = day(closedFrom, "closedFrom", problems);
		LocalDate closedUntil = day(closedTo, "closedTo", problems);
		if (openedSince != null && openedUntil != null && openedUntil.isBefore(openedSince)) {
			problems.add(new FieldProblem("openedTo", "must not be before openedFrom"));
		}
		if (closedSince != null && closedUntil != null && closedUntil.isBefore(closedSince)) {
			problems.add(new FieldProblem("closedTo", "must not be before closedFrom"));
		}
		Long agent = null;
		if (has(agentId)) {
			String value = agentId.strip();
			agent = value.equalsIgnoreCase("me") ? Long.valueOf(me.memberId())
					: value.equalsIgnoreCase("none") ? Long.valueOf(NO_AGENT) : Ids.parse(value);
			if (agent == null) {
				problems.add(new FieldProblem("agentId", "must be a member id, me or none"));
			}
		}
		Long contact = null;
		if (has(contactId)) {
			contact = Ids.parse(contactId.strip());
			if (contact == null) {
				problems.add(new FieldProblem("contactId", "must be a contact id"));
			}
		}
		Boolean logged = null;
		if (has(conversationLogged)) {
			String value = conversationLogged.strip().toLowerCase(Locale.ROOT);
			if (value.equals("true") || value.equals("false")) {
				logged = Boolean.valueOf(value);
			}
			else {
				problems.add(new FieldProblem("conversationLogged", "must be true or false"));
			}
		}
		FirstResponseBand band = null;
		if (has(firstResponse)) {
			try {
				band = FirstResponseBand.valueOf(firstResponse.strip().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				problems.add(new FieldProblem("firstResponse", "must be one of "
						+ String.join(", ", java.util.Arrays.stream(FirstResponseBand.values()).map(Enum::name).toList())));
			}
		}
		if (!problems.isEmpty()) {
			throw ProblemException.invalid(problems);
		}
		return new EpisodeFilter(openedSince, openedUntil, closedSince, closedUntil, agent, contact, logged, band);
	}

	private static boolean has(String value) {
		return value != null && !value.isBlank();
	}

	private static LocalDate day(String value, String field, List<FieldProblem> problems) {
		return DayParameter.parse(value, field, problems);
	}

	/**
	 * The matching episodes, newest first (by their close when only closing days are asked for, else by their
	 * opening); the first page also gives how many match.
	 */
	public Page<ChatEpisodeView> list(SignedInMember viewer, EpisodeFilter filter, PageRequest page) {
		Map<String, Object> params = new HashMap<>();
		String where = where(viewer.workspaceId(), filter, params);
		String at = filter.byClose() ? "e.closed_at" : "e.opened_at";
		String sort = "episodes:" + Integer.toHexString(filter.toString().hashCode());
		StringBuilder sql = new StringBuilder(SELECT).append(where);
		if (page.cursor() != null) {
			page.cursor().valuesFor(sort, 2);
			sql.append(" and (").append(at).append(", e.id) < (:afterAt, :afterId)");
			params.put("afterAt", page.cursor().instantValue(0).atOffset(ZoneOffset.UTC));
			params.put("afterId", page.cursor().longValue(1));
		}
		sql.append(" order by ").append(at).append(" desc, e.id desc limit :limit");
		params.put("limit", page.limit() + 1);
		List<ChatEpisodeView> rows = this.lists.sql(sql.toString()).params(params).query(ChatEpisodes::episode).list();
		Long total = (page.cursor() == null) ? totals(viewer, filter).episodes() : null;
		if (rows.size() <= page.limit()) {
			return new Page<>(rows, null, total);
		}
		ChatEpisodeView last = rows.get(page.limit() - 1);
		OffsetDateTime lastAt = filter.byClose() ? last.closedAt() : last.openedAt();
		return new Page<>(List.copyOf(rows.subList(0, page.limit())),
				Cursor.of(sort, lastAt.toInstant().toString(), last.id()).encode(), total);
	}

	/** How many episodes match, with their messages in and out. */
	public EpisodeTotals totals(SignedInMember viewer, EpisodeFilter filter) {
		Map<String, Object> params = new HashMap<>();
		String sql = "select count(*), coalesce(sum(e.messages_in), 0), coalesce(sum(e.messages_out), 0)"
				+ " from chat_episode e" + where(viewer.workspaceId(), filter, params);
		return this.lists.sql(sql)
			.params(params)
			.query((rs, n) -> new EpisodeTotals(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
			.single();
	}

	private static final String SELECT = """
			select e.id, e.chat_id, e.contact_id, ct.name as contact_name, c.channel, e.agent_id,
			       (select m.name from member m where m.workspace_id = e.workspace_id and m.id = e.agent_id) as agent_name,
			       e.opened_at, e.closed_at, e.first_in_at, e.first_reply_at, e.first_reply_by,
			       """ + FirstResponseBand.SECONDS_SQL + """
			 as first_response,
			       extract(epoch from e.closed_at - e.opened_at) as resolution, e.messages_in, e.messages_out,
			       e.conversation_logged
			from chat_episode e
			join chat c on c.workspace_id = e.workspace_id and c.id = e.chat_id
			join contact ct on ct.workspace_id = c.workspace_id and ct.id = c.contact_id
			""";

	private String where(long workspaceId, EpisodeFilter filter, Map<String, Object> params) {
		ZoneId zone = this.workspaces.timeZone(workspaceId);
		StringBuilder where = new StringBuilder(" where e.workspace_id = :workspaceId");
		params.put("workspaceId", workspaceId);
		range(where, params, "e.opened_at", "opened", filter.openedFrom(), filter.openedTo(), zone);
		range(where, params, "e.closed_at", "closed", filter.closedFrom(), filter.closedTo(), zone);
		if (filter.agentId() != null) {
			where.append(" and coalesce(e.agent_id, 0) = :agentId");
			params.put("agentId", filter.agentId());
		}
		if (filter.contactId() != null) {
			where.append(" and e.contact_id = :contactId");
			params.put("contactId", filter.contactId());
		}
		if (filter.conversationLogged() != null) {
			where.append(" and e.conversation_logged = :logged");
			params.put("logged", filter.conversationLogged());
		}
		if (filter.firstResponse() != null) {
			where.append(" and ").append(FirstResponseBand.SECONDS_SQL).append(" >= :firstFrom");
			params.put("firstFrom", (double) filter.firstResponse().fromSeconds());
			if (filter.firstResponse().toSeconds() != null) {
				where.append(" and ").append(FirstResponseBand.SECONDS_SQL).append(" < :firstTo");
				params.put("firstTo", (double) filter.firstResponse().toSeconds());
			}
		}
		return where.toString();
	}

	/** Days from and to (both included) as the instants from the first one's start to the start of the day after. */
	private static void range(StringBuilder where, Map<String, Object> params, String column, String name,
			LocalDate from, LocalDate to, ZoneId zone) {
		if (from != null) {
			where.append(" and ").append(column).append(" >= :").append(name).append("From");
			params.put(name + "From", from.atStartOfDay(zone).toOffsetDateTime());
		}
		if (to != null) {
			where.append(" and ").append(column).append(" < :").append(name).append("To");
			params.put(name + "To", to.plusDays(1).atStartOfDay(zone).toOffsetDateTime());
		}
	}

	private static ChatEpisodeView episode(ResultSet rs, int row) throws SQLException {
		return new ChatEpisodeView(Long.toString(rs.getLong("id")), Long.toString(rs.getLong("chat_id")),
				Long.toString(rs.getLong("contact_id")), rs.getString("contact_name"), rs.getString("channel"),
				id(rs, "agent_id"), rs.getString("agent_name"), rs.getObject("opened_at", OffsetDateTime.class),
				rs.getObject("closed_at", OffsetDateTime.class), rs.getObject("first_in_at", OffsetDateTime.class),
				rs.getObject("first_reply_at", OffsetDateTime.class), id(rs, "first_reply_by"),
				seconds(rs, "first_response"), seconds(rs, "resolution"), rs.getInt("messages_in"),
				rs.getInt("messages_out"), rs.getBoolean("conversation_logged"));
	}

	private static String id(ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : Long.toString(value);
	}

	private static Long seconds(ResultSet rs, String column) throws SQLException {
		double value = rs.getDouble(column);
		return rs.wasNull() ? null : (long) Math.floor(value);
	}

}
