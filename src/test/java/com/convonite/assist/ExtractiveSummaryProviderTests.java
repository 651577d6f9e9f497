package com.convonite.assist;

import java.util.ArrayList;
import java.util.List;

import com.convonite.assist.SummaryProvider.Draft;
import com.convonite.assist.SummaryProvider.PickedMessage;
import com.convonite.chat.MessageDirection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExtractiveSummaryProviderTests {

	private final ExtractiveSummaryProvider provider = new ExtractiveSummaryProvider();

	private static PickedMessage customer(String text) {
		return new PickedMessage(MessageDirection.IN, "Customer", text);
	}

	private static PickedMessage agent(String text) {
		return new PickedMessage(MessageDirection.OUT, "Ana Agent", text);
	}

	@Test
	void greetingsAndCourtesyAloneDraftNothing() {
		Draft draft = this.provider.draft(List.of(customer("Hi there!"), agent("Thanks for waiting!"),
				customer("Thank you so much, bye")));
		assertThat(draft).isEqualTo(Draft.EMPTY);
	}

	@Test
	void theSubjectIsTheMostInformativeCustomerSentenceCutAtAWord() {
		Draft draft = this.provider.draft(List.of(customer("Hello."),
				customer("The espresso machine I bought last month leaks water from the bottom whenever the steam "
						+ "wand heats up, and the warranty card is missing from the box."),
				agent("Sorry about that, we will send a courier to collect the machine for repair.")));
		assertThat(draft.subject()).startsWith("The espresso machine I bought last month leaks water")
			.hasSizeLessThanOrEqualTo(80)
			.endsWith("…")
			.doesNotContain("  ");
		assertThat(draft.summary()).startsWith("Customer: The espresso machine")
			.contains("\nAna Agent: Sorry about that, we will send a courier");
	}

	@Test
	void whenTheCustomerSaidNothingInformativeTheSubjectIsTheTeamsBestSentence() {
		Draft draft = this.provider.draft(List.of(customer("Hi!"),
				agent("Your replacement router ships today with tracking by email.")));
		assertThat(draft.subject()).isEqualTo("Your replacement router ships today with tracking by email.");
		assertThat(draft.summary()).isEqualTo("Ana Agent: Your replacement router ships today with tracking by email.");
	}

	@Test
	void theSummaryKeepsToSixHundredCharactersInTheOrderSaid() {
		List<PickedMessage> messages = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			messages.add(customer("Parcel number " + i + " with the blue ceramic vase " + "arrived cracked ".repeat(i % 4 + 1)
					+ "near the handle and the saucer."));
			messages.add(agent("Refund request " + i + " for the ceramic order is filed with accounting today."));
		}
		Draft draft = this.provider.draft(messages);
		assertThat(draft.summary().length()).isLessThanOrEqualTo(600);
		String[] lines = draft.summary().split("\n");
		assertThat(lines.length).isBetween(2, ExtractiveSummaryProvider.SUMMARY_SENTENCES);
		assertThat(lines).allMatch((line) -> line.startsWith("Customer: ") || line.startsWith("Ana Agent: "));
		assertThat(List.of(lines)).anyMatch((line) -> line.startsWith("Customer: "))
			.anyMatch((line) -> line.startsWith("Ana Agent: "));
	}

	@Test
	void shortensAtAWordBoundary() {
		assertThat(ExtractiveSummaryProvider.shorten("short", 80)).isEqualTo("short");
		assertThat(ExtractiveSummaryProvider.shorten("alpha beta gamma delta", 12)).isEqualTo("alpha beta…");
		assertThat(ExtractiveSummaryProvider.shorten("x".repeat(100), 80)).hasSize(80).endsWith("…");
	}

	@Test
	void enoughHistoryIsThirtyConversationsWithTwoPurposesOfFive() {
		assertThat(PurposeClassifier.needed(0, List.of())).isEqualTo(30);
		assertThat(PurposeClassifier.needed(29, List.of(20, 9))).isEqualTo(1);
		assertThat(PurposeClassifier.needed(45, List.of(44, 1))).isEqualTo(4);
		assertThat(PurposeClassifier.needed(30, List.of(5, 5, 20))).isZero();
		assertThat(PurposeClassifier.words("Where's my REFUND?! Order #1234, café")).containsExactly("where", "s", "my",
				"refund", "order", "1234", "café");
	}

}
