/**
 * The WhatsApp Cloud API channel: a workspace's channel settings, the signed webhook that brings customers'
 * messages and delivery statuses in, and sending the team's messages out.
 */
@org.springframework.modulith.ApplicationModule(displayName = "WhatsApp")
package com.convonite.whatsapp;
