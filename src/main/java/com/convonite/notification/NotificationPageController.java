package com.convonite.notification;

import com.convonite.workspace.SignedInMember;

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

	@GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@ResponseBody
	SseEmitter events(SignedInMember me) {
		return this.live.connect(me.workspaceId(), me.memberId());
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
