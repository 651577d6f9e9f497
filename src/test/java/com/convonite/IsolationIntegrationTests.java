package com.convonite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.OpenApiOperations;
import com.convonite.support.OpenApiOperations.Operation;
import com.convonite.support.WorkspaceFixture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks every operation of the served OpenAPI document, so that a new endpoint is covered the day it is
 * documented: called with another workspace's ids it answers 404 and shows nothing of that workspace (in any
 * response, count, search or export) and changes nothing there; every {@code x-admin-only} operation refuses
 * an agent with 403.
 */
class IsolationIntegrationTests extends ApiIntegrationTest {

	@Test
	void noOperationReachesAnotherWorkspace() {
		TestWorkspace mine = newWorkspace();
		TestWorkspace theirs = newWorkspace();
		WorkspaceFixture myData = WorkspaceFixture.fill(mine.admin());
		WorkspaceFixture theirData = WorkspaceFixture.fill(theirs.admin());
		OpenApiOperations api = OpenApiOperations.of(mine.admin());
		Map<String, String> before = snapshot(theirs.admin(), api, theirData);

		List<String> failures = new ArrayList<>();
		int calls = 0;
		for (Operation operation : api.operations) {
			if (!operation.secured()) {
				continue;
			}
			for (Probe probe : probes(api, operation, theirData)) {
				calls++;
				Api.Response response = mine.admin().at(operation.method(), probe.path(), probe.body(),
						probe.body() != null ? operation.bodyContentType() : null);
				String problem = judge(probe, response, theirData);
				if (problem != null) {
					failures.add(operation + " as " + probe.path() + ": " + problem);
				}
			}
		}

		assertThat(failures).as("operations that reached another workspace, out of %d calls", calls).isEmpty();
		assertThat(snapshot(theirs.admin(), api, theirData)).as("the other workspace's records after the probes")
			.isEqualTo(before);
		assertThat(mine.admin().get("/conversations").json().path("total").asInt())
			.as("my conversation count includes only mine").isEqualTo(2);
		assertThat(myData.ids).isNotEmpty();
	}

	@Test
	void everyAdminOnlyOperationRefusesAnAgent() {
		TestWorkspace workspace = newWorkspace();
		WorkspaceFixture data = WorkspaceFixture.fill(workspace.admin());
		Api agent = agent(workspace);
		OpenApiOperations api = OpenApiOperations.of(agent);
		List<Operation> adminOnly = api.operations.stream().filter(Operation::adminOnly).toList();
		assertThat(adminOnly).as("operations the document marks x-admin-only").hasSizeGreaterThanOrEqualTo(8);
		Map<String, String> before = snapshot(workspace.admin(), api, data);
		for (Operation operation : adminOnly) {
			Api.Response response = agent.at(operation.method(), operation.pathWith(data.ids),
					api.bodyFor(operation, data.ids), operation.bodyContentType());
			assertThat(response.status()).as(operation + " as an agent: " + response).isEqualTo(403);
			assertThat(response.contentType()).as(operation.toString()).startsWith("application/problem+json");
		}
		assertThat(snapshot(workspace.admin(), api, data)).isEqualTo(before);
	}

	private record Probe(String path, Object body, boolean expectNotFound, boolean expectRefused) {
	}

	/** The calls that try to reach their records from my workspace. */
	private static List<Probe> probes(OpenApiOperations api, Operation operation, WorkspaceFixture theirs) {
		List<Probe> probes = new ArrayList<>();
		Object body = api.bodyFor(operation, theirs.ids);
		if (operation.hasPathParameters()) {
			probes.add(new Probe(operation.pathWith(theirs.ids), body, true, true));
			return probes;
		}
		boolean bodyNamesTheirRecords = body != null && theirs.ids.values().stream()
			.anyMatch((id) -> mentions(body, id));
		if (!"GET".equals(operation.method())) {
			if (bodyNamesTheirRecords) {
				probes.add(new Probe(operation.path(), body, false, true));
			}
			return probes;
		}
		probes.add(new Probe(operation.path(), null, false, false));
		for (String parameter : operation.queryParameters()) {
			String collection = OpenApiOperations.collectionOf(parameter);
			if (collection != null && theirs.ids.containsKey(collection)) {
				probes.add(new Probe(operation.path() + "?" + parameter + "=" + theirs.ids.get(collection), null, false,
						false));
			}
			if (parameter.equals("q")) {
				probes.add(new Probe(operation.path() + "?q=" + theirs.marker, null, false, false));
				probes.add(new Probe(operation.path() + "?q=" + theirs.phone.substring(1), null, false, false));
			}
		}
		return probes;
	}

	private static boolean mentions(Object body, String id) {
		if (body instanceof Map<?, ?> map) {
			return map.values().stream().anyMatch((value) -> mentions(value, id));
		}
		if (body instanceof List<?> list) {
			return list.stream().anyMatch((value) -> mentions(value, id));
		}
		return id.equals(body);
	}

	/** What is wrong with the answer, or null when it kept the other workspace out. */
	private static String judge(Probe probe, Api.Response response, WorkspaceFixture theirs) {
		if (response.body().contains(theirs.marker) || response.body().contains(theirs.phone)) {
			return "shows the other workspace's data: " + response;
		}
		if (probe.expectNotFound() && response.status() != 404) {
			return "expected 404, got " + response;
		}
		if (probe.expectRefused() && response.status() < 400) {
			return "accepted another workspace's record: " + response;
		}
		if (response.status() >= 500) {
			return "failed: " + response;
		}
		if (response.status() == 200 && response.contentType().startsWith("application/json")) {
			var json = response.json();
			if (json.has("items") && !json.path("items").isEmpty() && probe.path().contains("Id=")) {
				return "a filter on the other workspace's record listed something: " + response;
			}
			// a report counts my two conversations (my one closed one, my one follow-up task) at most, and nothing at
			// all when filtered by their record
			if (json.has("period") && json.has("total")) {
				var total = json.path("total");
				String figure = total.isNumber() ? null
						: total.has("logged") ? "logged" : total.has("closed") ? "closed" : "created";
				long counted = (figure == null) ? total.asLong() : total.path(figure).asLong();
				long mine = (figure == null || figure.equals("logged")) ? 2 : 1;
				if (total.isObject() && !total.has(figure)) {
					return "a report whose total this test does not know: " + response;
				}
				if (counted > (probe.path().contains("Id=") ? 0 : mine)) {
					return "a report counted the other workspace's conversations: " + response;
				}
			}
		}
		return null;
	}

	/** Their records as they see them, one GET per record kind that has one. */
	private static Map<String, String> snapshot(Api owner, OpenApiOperations api, WorkspaceFixture data) {
		Map<String, String> records = new LinkedHashMap<>();
		for (Operation operation : api.operations) {
			if (operation.method().equals("GET") && operation.path().matches(".*/\\{[^}]+}")
					&& data.ids.keySet().containsAll(operation.pathCollections())) {
				String path = operation.pathWith(data.ids);
				Api.Response response = owner.at("GET", path, null, null);
				records.put(path, response.status() + " " + response.body().replaceAll("\"lastUsedAt\":\"[^\"]*\"", ""));
			}
		}
		records.put("conversations", owner.get("/conversations").body());
		records.put("chats", owner.get("/chats?view=all").body());
		return records;
	}

}
