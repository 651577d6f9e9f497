package com.convonite.chat;

/**
 * The kind of a message; media is kept as metadata plus caption. CONTACTS is a shared contact card, REPLY a
 * tap on a button or list item that the team offered, REACTION an emoji on an earlier message.
 */
public enum MessageType {

	TEXT, IMAGE, DOCUMENT, AUDIO, VIDEO, LOCATION, STICKER, TEMPLATE, CONTACTS, REPLY, REACTION

}
