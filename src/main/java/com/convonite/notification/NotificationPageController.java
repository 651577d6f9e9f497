package com.convonite.notification;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import com.convonite.shared.Ids;
import com.convonite.shared.ProblemException;
import com.convonite.workspace.SignedInMember;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;

import org.springframework.context.MessageSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The live-update stream of the web app, the notification bell with its menu, and the notifications page. */
@Controller
class NotificationPageController {

	static final int PAGE_SIZE = 100;

	/** How many of the newest notifications the bell's menu lists; the notifications page has the rest. */
	static final int MENU_SIZE = 8;

	/** How many notifications are read per line shown, for lines that fold a chat's messages together. */
	static final int FOLDED = 4;

	private final Notifications notifications;

	private final LiveUpdates live;

	private final MessageSource texts;

	NotificationPageController(Notifications notifications, LiveUpdates live, MessageSource texts) {
		this.notifications = notifications;
		this.live = live;
		this.texts = texts;
	}

	/**
	 * The page's live-update stream. Beyond the server's cap of open streams the answer is 503 with a short text
	 * (an event source shows no body; it stops reconnecting on a status other than 200) and {@code Retry-After}.
	 */
	@GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@ResponseBody
	SseEmitter events(SignedInMember me, HttpServletRequest request, HttpServletResponse response) throws IOException {
		HttpSession session = request.getSession(false);
		var emitter = this.live.connect(me.workspaceId(), me.memberId(), (session != null) ? session.getId() : null);
		if (emitter.isEmpty()) {
			response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			response.setHeader(HttpHeaders.RETRY_AFTER, "60");
			response.setContentType(MediaType.TEXT_PLAIN_VALUE);
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			response.getWriter().write("This server holds as many live-update streams as it may. "
					+ "The page still works; reload it later for live updates.");
			return null;
		}
		return emitter.get();
	}

	/** The bell's count and the newest notifications of its menu, each marked read or unread. */
	@GetMapping("/notifications/bell")
	String bell(SignedInMember me, Model model) {
		return bellFragment(me, model);
	}

	/** The member's notifications, read and unread alike: looking at the list marks none of them read. */
	@GetMapping("/notifications")
	String page(SignedInMember me, Model model) {
		model.addAttribute("notifications", NotificationItem.fold(
				this.notifications.newest(me.workspaceId(), me.memberId(), PAGE_SIZE * FOLDED), PAGE_SIZE));
		model.addAttribute("unseen", this.notifications.unseen(me.workspaceId(), me.memberId()));
		return "notification/list";
	}

	/**
	 * Opens a notification: it is read, and the browser goes where it leads. A GET, like opening a chat (which
	 * reads the chat), so that the item is a plain link that also opens in a new tab; being read is all it changes.
	 */
	@GetMapping("/notifications/{id}")
	String open(SignedInMember me, @PathVariable String id) {
		NotificationView opened = this.notifications.open(me.workspaceId(), me.memberId(), Ids.pathId(id, "notification"))
			.orElseThrow(() -> ProblemException.notFound("notification"));
		// Links are the product's own paths ("/chats/7"); anything else would leave the app, so it goes nowhere.
		String link = opened.link();
		boolean ownPath = link != null && link.startsWith("/") && !link.startsWith("//") && !link.contains("\\");
		return "redirect:" + (ownPath ? link : "/notifications");
	}

	@PostMapping("/notifications/seen")
	String markAllSeen(SignedInMember me, RedirectAttributes redirect) {
		this.notifications.markAllSeen(me.workspaceId(), me.memberId());
		redirect.addFlashAttribute("toast", this.texts.getMessage("notification.toast.allRead", null, Locale.ENGLISH));
		return "redirect:/notifications";
	}

	/** From the bell's menu: the bell and its menu answer, now all read. */
	@HxRequest
	@PostMapping("/notifications/seen")
	String markAllSeenFromBell(SignedInMember me, Model model) {
		this.notifications.markAllSeen(me.workspaceId(), me.memberId());
		return bellFragment(me, model);
	}

	private String bellFragment(SignedInMember me, Model model) {
		model.addAttribute("unseen", this.notifications.unseen(me.workspaceId(), me.memberId()));
		model.addAttribute("recent", NotificationItem.fold(
				this.notifications.newest(me.workspaceId(), me.memberId(), MENU_SIZE * FOLDED), MENU_SIZE));
		return "notification/bell :: bell";
	}

}
