package com.convonite.conversation;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.convonite.contact.Contacts;
import com.convonite.chat.Chats;
import com.convonite.shared.FormErrors;
import com.convonite.shared.Ids;
import com.convonite.shared.Page;
import com.convonite.shared.PageRequest;
import com.convonite.shared.ProblemException;
import com.convonite.workspace.SignedInMember;
import com.convonite.workspace.Workspaces;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The Conversations tab: every filter of SPEC §4 in the URL (so that a view can be bookmarked), search with
 * the matched words marked, sorting, keyset paging with "Load more", the match count, and the CSV export of
 * the same filters. The export lives here too because the API's own export takes Basic or Bearer
 * credentials, not the web session.
 */
@Controller
class ConversationListController {

	static final int PAGE_SIZE = 25;

	private final Conversations conversations;

	private final Purposes purposes;

	private final Contacts contacts;

	private final Chats chats;

	private final Workspaces workspaces;

	private final ConversationPageSupport support;

	private final MessageSource messages;

	private final SavedViews views;

	private final ConversationFields fields;

	ConversationListController(Conversations conversations, Purposes purposes, Contacts contacts, Chats chats,
			Workspaces workspaces, ConversationPageSupport support, MessageSource messages, SavedViews views,
			ConversationFields fields) {
		this.fields = fields;
		this.messages = messages;
		this.views = views;
		this.conversations = conversations;
		this.purposes = purposes;
		this.contacts = contacts;
		this.chats = chats;
		this.workspaces = workspaces;
		this.support = support;
	}

	/** The filters as they stand in the URL; times are {@code datetime-local} values in the workspace zone. */
	static class Filters {

		private List<String> status = new ArrayList<>();

		private List<String> purposeId = new ArrayList<>();

		private String ownerId = "";

		private String contactId = "";

		private String chatId = "";

		private String createdBy = "";

		private String startFrom = "";

		private String startTo = "";

		private String recontacted = "";

		private String q = "";

		private String sort = "";

		private String cursor;

		private List<String> field = new ArrayList<>();

		ConversationQuery toQuery(SignedInMember me, ConversationPageSupport support,
				List<ConversationFieldView> fields) {
			return ConversationRequests.query(me, this.status, this.purposeId, this.ownerId, this.contactId,
					this.chatId, this.createdBy, iso(support, this.startFrom, "startFrom"),
					iso(support, this.startTo, "startTo"), this.q, this.sort, fields, this.field, this.recontacted);
		}

		public List<String> getField() {
			return this.field;
		}

		public void setField(List<String> field) {
			this.field = (field != null) ? field : new ArrayList<>();
		}

		/** Whether the filter asks for the custom field's value ({@code key:value}). */
		public boolean hasField(String key, String value) {
			return this.field.contains(key + ":" + value);
		}

		private static String iso(ConversationPageSupport support, String input, String field) {
			if (input == null || input.isBlank()) {
				return null;
			}
			OffsetDateTime time = support.parse(input);
			if (time == null) {
				throw ProblemException.invalid(field, "must be a date and time");
			}
			return time.toString();
		}

		public boolean searching() {
			return this.q != null && !this.q.isBlank();
		}

		public boolean has(String list, String value) {
			return ("status".equals(list) ? this.status : this.purposeId).contains(value);
		}

		public String getRecontacted() {
			return this.recontacted;
		}

		public void setRecontacted(String recontacted) {
			this.recontacted = recontacted;
		}

		public List<String> getStatus() {
			return this.status;
		}

		public void setStatus(List<String> status) {
			this.status = (status != null) ? status : new ArrayList<>();
		}

		public List<String> getPurposeId() {
			return this.purposeId;
		}

		public void setPurposeId(List<String> purposeId) {
			this.purposeId = (purposeId != null) ? purposeId : new ArrayList<>();
		}

		public String getOwnerId() {
			return this.ownerId;
		}

		public void setOwnerId(String ownerId) {
			this.ownerId = ownerId;
		}

		public String getContactId() {
			return this.contactId;
		}

		public void setContactId(String contactId) {
			this.contactId = contactId;
		}

		public String getChatId() {
			return this.chatId;
		}

		public void setChatId(String chatId) {
			this.chatId = chatId;
		}

		public String getCreatedBy() {
			return this.createdBy;
		}

		public void setCreatedBy(String createdBy) {
			this.createdBy = createdBy;
		}

		public String getStartFrom() {
			return this.startFrom;
		}

		public void setStartFrom(String startFrom) {
			this.startFrom = startFrom;
		}

		public String getStartTo() {
			return this.startTo;
		}

		public void setStartTo(String startTo) {
			this.startTo = startTo;
		}

		public String getQ() {
			return this.q;
		}

		public void setQ(String q) {
			this.q = q;
		}

		public String getSort() {
			return this.sort;
		}

		public void setSort(String sort) {
			this.sort = sort;
		}

		public String getCursor() {
			return this.cursor;
		}

		public void setCursor(String cursor) {
			this.cursor = cursor;
		}

	}

	/** A ready-made start-time range (Today, Last 7 days), as the two datetime-local values of the filter. */
	record StartRange(String label, String from, String to) {

		/** Today, the last 7 and the last 30 days, in the workspace's zone, each up to the end of today. */
		static List<StartRange> of(java.time.ZoneId zone) {
			java.time.LocalDate today = java.time.LocalDate.now(zone);
			String to = today.plusDays(1).atStartOfDay().toString();
			return List.of(new StartRange("conversation.filter.today", today.atStartOfDay().toString(), to),
					new StartRange("conversation.filter.last7", today.minusDays(6).atStartOfDay().toString(), to),
					new StartRange("conversation.filter.last30", today.minusDays(29).atStartOfDay().toString(), to));
		}

	}

	/** A row of the results, with subject and summary as safe HTML (matched words in {@code <mark>}). */
	record Row(ConversationView conversation, String subjectHtml, String summaryHtml) {
	}

	@GetMapping("/conversations")
	String list(SignedInMember me, @ModelAttribute("filters") Filters filters, HttpServletRequest request,
			Model model) {
		results(me, filters, request, model);
		barAndViews(me, request, model);
		model.addAttribute("fieldChoices", this.fields.list(me.workspaceId(), false)
			.stream()
			.filter((f) -> f.type().filters())
			.toList());
		model.addAttribute("contactChoices", this.contacts.choices(me.workspaceId(), filters.getContactId()));
		Long chatId = Ids.parse(filters.getChatId());
		model.addAttribute("filterChat", (chatId != null) ? this.chats.find(me.workspaceId(), chatId).orElse(null) : null);
		model.addAttribute("startRanges", StartRange.of(this.workspaces.timeZone(me.workspaceId())));
		return "conversation/list";
	}

	@HxRequest
	@GetMapping("/conversations")
	String listResults(SignedInMember me, @ModelAttribute("filters") Filters filters, HttpServletRequest request,
			Model model) {
		results(me, filters, request, model);
		barAndViews(me, request, model);
		// The sidebar's views too (out of band), so that the one matching the new filters is the one marked.
		model.addAttribute("savedViewsOutOfBand", true);
		return "conversation/list :: results";
	}

	@HxRequest
	@GetMapping(path = "/conversations", params = "cursor")
	String nextPage(SignedInMember me, @ModelAttribute("filters") Filters filters, HttpServletRequest request,
			Model model) {
		results(me, filters, request, model);
		return "conversation/list :: more";
	}

	private void results(SignedInMember me, Filters filters, HttpServletRequest request, Model model) {
		FormErrors errors = FormErrors.none();
		Page<ConversationView> page = new Page<>(List.of(), null, 0L);
		try {
			ConversationQuery query = filters.toQuery(me, this.support, this.fields.list(me.workspaceId(), true));
			page = this.conversations.list(me.workspaceId(), query, PageRequest.of(PAGE_SIZE, filters.getCursor()));
		}
		catch (ProblemException ex) {
			errors = FormErrors.of(ex);
		}
		SearchHighlight highlight = SearchHighlight.of(filters.getQ());
		List<Row> rows = page.items()
			.stream()
			.map((c) -> new Row(c, highlight.html(c.subject()), highlight.html(SearchHighlight.excerpt(c.summary(),
					filters.getQ(), 300))))
			.toList();
		model.addAttribute("errors", errors);
		model.addAttribute("rows", rows);
		model.addAttribute("total", page.total());
		model.addAttribute("totalMoreThan", page.totalMoreThan());
		model.addAttribute("nextUrl", (page.nextCursor() != null) ? withPath(request, "/conversations", page.nextCursor())
				: null);
		model.addAttribute("exportUrl", withPath(request, "/conversations/export", null));
	}

	/**
	 * What the results' header and the sidebar show besides the rows: the choices of the filters and of the bulk
	 * bar, and the saved views with the one on screen. Not for "Load more", which answers rows alone.
	 */
	private void barAndViews(SignedInMember me, HttpServletRequest request, Model model) {
		model.addAttribute("purposeChoices", this.purposes.list(me.workspaceId(), true));
		model.addAttribute("memberChoices", this.support.allMembers(me.workspaceId()));
		model.addAttribute("bulkFieldChoices", this.fields.list(me.workspaceId(), false)
			.stream()
			.filter((f) -> f.type() == ConversationFieldView.Type.SINGLE_SELECT)
			.toList());
		String viewQuery = SavedViews.canonical(request.getQueryString());
		model.addAttribute("viewQuery", viewQuery);
		model.addAttribute("savedViews", this.views.list(me));
	}

	/** The same filters on another path, with the given cursor (or none). */
	private static String withPath(HttpServletRequest request, String path, String cursor) {
		var builder = ServletUriComponentsBuilder.fromRequest(request).replacePath(path).replaceQueryParam("cursor");
		if (cursor != null) {
			builder.queryParam("cursor", cursor);
		}
		return builder.build().toUriString().replaceFirst("^[a-z]+://[^/]+", "");
	}

	@GetMapping(path = "/conversations/export")
	void export(SignedInMember me, @ModelAttribute("filters") Filters filters, HttpServletResponse response)
			throws IOException {
		ConversationQuery query = filters.toQuery(me, this.support, this.fields.list(me.workspaceId(), true));
		var zone = this.workspaces.timeZone(me.workspaceId());
		Map<ConversationStatus, String> labels = new EnumMap<>(ConversationStatus.class);
		for (ConversationStatus status : ConversationStatus.values()) {
			labels.put(status, this.messages.getMessage("conversation.status." + status.name(), null, status.name(),
					LocaleContextHolder.getLocale()));
		}
		String link = ServletUriComponentsBuilder.fromCurrentContextPath().path("/conversations/").toUriString();
		ConversationCsv csv = new ConversationCsv(response, zone, ConversationCsv.Shape.SPREADSHEET, labels, link,
				this.fields.list(me.workspaceId(), true));
		this.conversations.export(me.workspaceId(), query, csv);
		csv.finish();
	}

}
