/**
 * Contacts: the customers a workspace talks to, with phone numbers normalised to E.164.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Contacts")
package com.convonite.contact;
