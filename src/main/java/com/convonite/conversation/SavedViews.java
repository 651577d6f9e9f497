package com.convonite.conversation;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import com.convonite.shared.ProblemException;
import com.convonite.shared.Validation;
import com.convonite.workspace.SignedInMember;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Saved views of the Conversations tab (issue #18 §3): a member names the tab's current filter, sort and
 * search and opens it again from the tab's sidebar, at the same URL. A view is its member's own; an admin may
 * share one with the whole workspace, and only admins change or remove shared views. A view stores the tab's
 * query string in a canonical form (parameters by name, empty ones and the page cursor left out), so that the
 * tab can say which view is open whatever order the browser sent the parameters in.
 */
@Service
public class SavedViews {

	static final int MAX_PER_MEMBER = 100;

	static final int MAX_QUERY = 2000;

	private final JdbcClient jdbc;

	SavedViews(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A saved view as the sidebar shows it: its link is {@code /conversations?} + query. */
	public record SavedView(String id, String name, String query, boolean shared, boolean mine) {

		public String url() {
			return this.query.isEmpty() ? "/conversations" : "/conversations?" + this.query;
		}

	}

	/** The member's own views, then the shared ones, each by name. */
	public List<SavedView> list(SignedInMember me) {
		return this.jdbc.sql("""
				select id, name, query, shared, member_id = :memberId from conversation_view
				where workspace_id = :workspaceId and (shared or member_id = :memberId)
				order by shared, lower(name), id
				""")
			.param("workspaceId", me.workspaceId())
			.param("memberId", me.memberId())
			.query((rs, n) -> new SavedView(Long.toString(rs.getLong(1)), rs.getString(2), rs.getString(3),
					rs.getBoolean(4), rs.getBoolean(5)))
			.list();
	}

	/**
	 * Saves the query under the name, as the member's own view or (admins only) shared with the workspace.
	 * Refuses a name already used by the member's own views (or by the shared ones, for a shared view).
	 */
	@Transactional
	public SavedView save(SignedInMember me, String requestedName, String requestedQuery, boolean shared) {
		if (shared) {
			me.requireAdmin("share a view with the workspace");
		}
		Validation validation = new Validation();
		String name = validation.text("name", requestedName, true, 80);
		String query = canonical(requestedQuery);
		if (query.length() > MAX_QUERY) {
			validation.reject("query", "is too long to save: use fewer filters or a shorter search");
		}
		validation.throwIfInvalid();
		Integer own = this.jdbc.sql("""
				select count(*) from conversation_view where workspace_id = :workspaceId and member_id = :memberId
				""").param("workspaceId", me.workspaceId()).param("memberId", me.memberId()).query(Integer.class).single();
		if (own >= MAX_PER_MEMBER) {
			throw ProblemException.invalid("name", "cannot be saved: you have " + MAX_PER_MEMBER
					+ " views already; delete one you no longer use first");
		}
		try {
			long id = this.jdbc.sql("""
					insert into conversation_view (workspace_id, member_id, name, query, shared)
					values (:workspaceId, :memberId, :name, :query, :shared) returning id
					""")
				.param("workspaceId", me.workspaceId())
				.param("memberId", me.memberId())
				.param("name", name)
				.param("query", query)
				.param("shared", shared)
				.query(Long.class)
				.single();
			return new SavedView(Long.toString(id), name, query, shared, true);
		}
		catch (DuplicateKeyException ex) {
			throw ProblemException.invalid("name", shared
					? "is already the name of a shared view: choose another name, or delete that view first"
					: "is already the name of one of your views: choose another name, or delete that view first");
		}
	}

	/** Deletes the member's own view, or (admins) a shared one; another member's private view is not found. */
	@Transactional
	public void delete(SignedInMember me, long viewId) {
		var view = this.jdbc.sql("""
				select shared, member_id from conversation_view
				where workspace_id = :workspaceId and id = :id and (shared or member_id = :memberId)
				""")
			.param("workspaceId", me.workspaceId())
			.param("id", viewId)
			.param("memberId", me.memberId())
			.query((rs, n) -> Map.entry(rs.getBoolean(1), rs.getLong(2)))
			.optional()
			.orElseThrow(() -> ProblemException.notFound("view"));
		if (view.getKey() && !me.isAdmin()) {
			throw ProblemException.forbidden("Only an admin can delete a view shared with the workspace.");
		}
		this.jdbc.sql("delete from conversation_view where workspace_id = :workspaceId and id = :id")
			.param("workspaceId", me.workspaceId())
			.param("id", viewId)
			.update();
	}

	/**
	 * The tab's query string in the form views are stored and compared in: parameters sorted by name (the
	 * values of a repeated one in their order), without empty values and without the page cursor.
	 */
	public static String canonical(String query) {
		if (query == null || query.isBlank()) {
			return "";
		}
		String bare = query.startsWith("?") ? query.substring(1) : query;
		Map<String, List<String>> sorted = new TreeMap<>();
		for (String pair : bare.split("&")) {
			int equals = pair.indexOf('=');
			String name = decoded((equals < 0) ? pair : pair.substring(0, equals));
			String value = (equals < 0) ? "" : decoded(pair.substring(equals + 1));
			if (name == null || value == null || name.isEmpty() || value.isEmpty() || "cursor".equals(name)) {
				continue;
			}
			sorted.computeIfAbsent(name, (n) -> new ArrayList<>()).add(value);
		}
		StringJoiner joined = new StringJoiner("&");
		sorted.forEach((name, values) -> values
			.forEach((value) -> joined.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(value, StandardCharsets.UTF_8))));
		return joined.toString();
	}

	/** A form-encoded part decoded, or null when it is not valid (a stray % sign). */
	private static String decoded(String part) {
		try {
			return URLDecoder.decode(part, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
