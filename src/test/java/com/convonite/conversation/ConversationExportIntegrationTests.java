package com.convonite.conversation;

import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.Inbound;
import com.convonite.support.Inbound.Delivered;
import com.convonite.support.WebSession;
import tools.jackson.databind.JsonNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web app's CSV download opens right in a spreadsheet (issue 14 §4): UTF-8 with a byte order mark, times
 * as yyyy-MM-dd HH:mm:ss in the workspace's zone named in the header, labels instead of enum names, a link to
 * each conversation, exactly the filtered set. The API's export keeps the integrators' shape.
 */
class ConversationExportIntegrationTests extends ApiIntegrationTest {

	static final OffsetDateTime T0 = OffsetDateTime.of(2026, 7, 15, 12, 30, 5, 987_654_000, ZoneOffset.UTC);

	private static String purpose(TestWorkspace workspace, String name) {
		for (JsonNode purpose : workspace.admin().get("/purposes").json()) {
			if (purpose.path("name").asString().equals(name)) {
				return purpose.path("id").asString();
			}
		}
		throw new AssertionError("no purpose " + name);
	}

	@Test
	void theDownloadIsForASpreadsheetAndTheApiKeepsItsShape() throws Exception {
		TestWorkspace workspace = newWorkspace();
		assertThat(workspace.admin().patch("/settings", body("version", workspace.admin().get("/settings").json()
			.path("version").asInt(), "timeZone", "America/Sao_Paulo")).status()).isEqualTo(200);
		Delivered chat = Inbound.deliver(workspace.admin(), Inbound.phone(), "Inês Café", "Olá", T0);
		String blender = workspace.admin().post("/conversations", body("chatId", chat.chatId(), "subject",
				"Aurora blender €", "summary", "Café com leite", "purposeId", purpose(workspace, "Enquiry"), "startTime",
				T0.toString(), "status", "CLOSED", "endTime", T0.plusMinutes(5).toString())).id();
		workspace.admin().post("/conversations", body("chatId", chat.chatId(), "subject", "Toaster return",
				"purposeId", purpose(workspace, "Issue"), "startTime", T0.toString()));

		WebSession web = WebSession.signIn(this.port, workspace.adminEmail(), PASSWORD);
		HttpResponse<String> download = web.get("/conversations/export?q=blend");
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv").containsIgnoringCase("utf-8");
		String body = download.body();
		assertThat(body).startsWith("\uFEFF");
		List<CSVRecord> records = CSVFormat.RFC4180.parse(new java.io.StringReader(body.substring(1))).getRecords();
		assertThat(records).hasSize(2);
		List<String> header = records.get(0).toList();
		assertThat(header).contains("Subject", "Status", "Purpose", "Contact", "Link",
				"Start time (America/Sao_Paulo)", "End time (America/Sao_Paulo)");
		CSVRecord row = records.get(1);
		assertThat(row.get(header.indexOf("ID"))).isEqualTo(blender);
		assertThat(row.get(header.indexOf("Subject"))).isEqualTo("Aurora blender €");
		assertThat(row.get(header.indexOf("Contact"))).isEqualTo("Inês Café");
		assertThat(row.get(header.indexOf("Status"))).isEqualTo("Closed");
		assertThat(row.get(header.indexOf("Purpose"))).isEqualTo("Enquiry");
		assertThat(row.get(header.indexOf("Start time (America/Sao_Paulo)"))).isEqualTo("2026-07-15 09:30:05");
		assertThat(row.get(header.indexOf("End time (America/Sao_Paulo)"))).isEqualTo("2026-07-15 09:35:05");
		assertThat(row.get(header.indexOf("Link"))).isEqualTo("http://localhost:" + this.port + "/conversations/" + blender);

		var api = workspace.admin().get("/conversations/export?q=blend");
		assertThat(api.body()).doesNotStartWith("\uFEFF").startsWith("id,subject,summary,status,");
		assertThat(api.body()).contains(",CLOSED,").contains("2026-07-15T09:30:05.987654-03:00");
	}

	@Test
	void theApiExportAnswersCsvToAnyClientThatTakesItAndSaysClearlyWhenOneDoesNot() {
		TestWorkspace workspace = newWorkspace();
		for (String accept : new String[] { null, "text/csv", "*/*", "text/*", "application/json;q=0.9, text/csv" }) {
			var answer = (accept == null) ? workspace.admin().get("/conversations/export")
					: workspace.admin().with("Accept", accept).get("/conversations/export");
			assertThat(answer.status()).as("Accept: %s", accept).isEqualTo(200);
			assertThat(answer.contentType()).as("Accept: %s", accept).startsWith("text/csv");
			assertThat(answer.body()).as("Accept: %s", accept).startsWith("id,subject,summary,status,");
		}
		for (String accept : new String[] { "application/json", "application/xml" }) {
			var answer = workspace.admin().with("Accept", accept).get("/conversations/export");
			assertThat(answer.status()).as("Accept: %s", accept).isEqualTo(406);
			assertThat(answer.contentType()).as("Accept: %s", accept).startsWith("application/problem+json");
			assertThat(answer.json().path("detail").asString()).contains("send Accept: text/csv");
		}
	}

}
