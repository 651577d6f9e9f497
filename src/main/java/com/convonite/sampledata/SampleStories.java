package com.convonite.sampledata;

/** The words of the sample: a small shop that sells kitchen appliances and talks to customers on chat. */
final class SampleStories {

	private SampleStories() {
	}

	static final String[][] MEMBERS = { { "Maria Santos", "maria" }, { "James Okafor", "james" } };

	static final String[] CONTACTS = { "Ana Souza", "Bruno Lima", "Carla Dias", "Daniel Ferreira", "Elena Petrova",
			"Farah Haddad", "Gustavo Rocha", "Hana Kimura", "Igor Novak", "Julia Costa", "Kwame Mensah", "Laura Gómez",
			"Mateo Rossi", "Nadia Benali", "Oliver Smith", "Priya Nair", "Quentin Moreau", "Rosa Martins",
			"Samuel Adeyemi", "Tomás Ribeiro", "Uma Patel", "Victor Hugo Alves", "Wen Li", "Ximena Torres",
			"Yusuf Demir", "Zoë van Dijk", "Aarav Shah", "Beatriz Nunes", "Chloé Laurent", "Diego Herrera",
			"Emma Johansson", "Felipe Cardoso", "Grace O'Neill", "Hugo Becker", "Inês Carvalho", "Jonas Weber",
			"Kaito Sato", "Lucía Fernández", "Mohammed Al-Sayed", "Noor Rahman" };

	/** Message threads: customer first, then the team, alternating. */
	static final String[][] THREADS = {
			{ "Hi! How much is the Aurora blender?", "Hello! The Aurora blender is 129 € and in stock.",
					"Does it come with a warranty?", "Yes, two years, and free delivery this week.", "Great, I'll order it today." },
			{ "My espresso machine arrived with a cracked water tank.", "I'm sorry to hear that! Could you send a photo?",
					"Sent. What now?", "We'll ship a new tank tomorrow, no charge.", "Thank you, that was quick." },
			{ "Is the stand mixer available in red?", "It is, in cherry red and matte black.", "Red please, delivery to Porto." },
			{ "I was charged twice for order 48213.", "Let me check that for you.", "Any news?",
					"You're right, we refunded the duplicate charge; it shows in 3-5 days.", "Perfect, thanks." },
			{ "Can I return the toaster? It's too big for my kitchen.", "Of course, within 30 days. I'll send a return label.",
					"Got the label, thanks!" },
			{ "Just wanted to say the delivery guy was super friendly.", "That's lovely to hear, we'll tell him!",
					"And the fridge works great." },
			{ "Do you do bulk prices for a café? We need 6 kettles.", "We do: 10% off from 5 units.",
					"Can you do 15%?", "For 6 units we can do 12% and free delivery.", "Deal. Please send a quote.",
					"Quote sent to your email." },
			{ "The app says my order is delivered but it isn't here.", "Sorry! Let me check with the courier.",
					"Still nothing.", "The courier left it at the neighbour's, number 14. Could you check there?",
					"Found it, thanks!" } };

	/** Purpose, subject, follow-up note, summary. */
	static final String[][] TOPICS = {
			{ "Enquiry", "Price of the Aurora blender", "Check if the order came in",
					"Customer asked for the price and warranty of the Aurora blender; quoted 129 € with two years' warranty." },
			{ "Issue", "Cracked water tank on espresso machine", "Confirm the new tank arrived",
					"Espresso machine delivered with a cracked tank. Photo received; replacement tank shipped free of charge." },
			{ "Enquiry", "Stand mixer colours", "Confirm delivery date to Porto",
					"Asked which colours the stand mixer comes in; chose cherry red, delivery to Porto." },
			{ "Issue", "Duplicate charge on order 48213", "Check the refund went through",
					"Customer was charged twice. Refund of the duplicate issued; customer informed it takes 3-5 days." },
			{ "Issue", "Toaster return", "Check the return was received",
					"Toaster too big for the kitchen. Return label sent within the 30-day window." },
			{ "Feedback", "Praise for the delivery team", "Pass the praise on to the courier",
					"Customer was happy with the friendly delivery and says the fridge works great." },
			{ "Enquiry", "Bulk price for café kettles", "Follow up on the quote for 6 kettles",
					"Café owner wants 6 kettles. Negotiated 12% discount and free delivery; quote sent by email." },
			{ "Issue", "Parcel marked delivered but missing", "Make sure the parcel was found",
					"Tracking said delivered but customer had nothing. Courier had left it with the neighbour at number 14." },
			{ "Feedback", "Suggestion: evening delivery slots", "Share the suggestion with operations",
					"Customer suggests offering delivery slots after 6 pm for people who work during the day." },
			{ "Enquiry", "Spare blades for the Aurora", "Send the link to spare blades",
					"Asked whether spare blades are sold separately and how often to change them." } };

}
