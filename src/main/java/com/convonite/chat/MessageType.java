package com.convonite.chat;

/** The kind of a message; media is kept as metadata plus caption. */
public enum MessageType {

	TEXT, IMAGE, DOCUMENT, AUDIO, VIDEO, LOCATION, STICKER, TEMPLATE

}
