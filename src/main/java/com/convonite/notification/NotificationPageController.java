package com.convonite.notification;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import com.convonite.workspace.SignedInMember;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The live-update stream of the web app, the notification bell and the notifications page. */
@Controller
class NotificationPageController {

	static final int PAGE_SIZE = 100;

	private final Notifications notifications;

	private final LiveUpdates live;

	NotificationPageController(Notifications notifications, LiveUpdates live) {
		this.notifications = notifications;
		this.live = live;
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

	@GetMapping("/notifications/bell")
	String bell(SignedInMember me, Model model) {
		model.addAttribute("unseen", this.notifications.unseen(me.workspaceId(), me.memberId()));
		return "notification/bell :: bell";
	}

	/** Lists the member's notifications as they were, then counts them as seen. */
	@GetMapping("/notifications")
	String page(SignedInMember me, Model model) {
		model.addAttribute("notifications", this.notifications.newest(me.workspaceId(), me.memberId(), PAGE_SIZE));
		this.notifications.markAllSeen(me.workspaceId(), me.memberId());
		model.addAttribute("unseen", 0);
		return "notification/list";
	}

}
