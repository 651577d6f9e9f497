package com.convonite.contact;

import com.convonite.shared.RequestBodyLimit;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Import uploads may be larger than the API's usual body limit: up to the import's own limit, plus room for
 * the multipart framing around the file. Past it the file itself is refused by the spool (or by the
 * multipart limits, {@code spring.servlet.multipart.*}, set to the same size).
 */
@Configuration(proxyBeanMethods = false)
class ContactImportConfiguration {

	static final String API_PATH = "/api/v1/contacts/imports";

	static final String PAGE_PATH = "/contacts/imports";

	private static final long FRAMING_BYTES = 1024 * 1024;

	@Bean
	RequestBodyLimit contactImportApiUploads(ContactImportSpool spool) {
		return limit(API_PATH, spool);
	}

	@Bean
	RequestBodyLimit contactImportPageUploads(ContactImportSpool spool) {
		return limit(PAGE_PATH, spool);
	}

	private static RequestBodyLimit limit(String path, ContactImportSpool spool) {
		return new RequestBodyLimit("POST", path, spool.maxFileBytes() + FRAMING_BYTES, spool.tooLarge().getMessage());
	}

}
