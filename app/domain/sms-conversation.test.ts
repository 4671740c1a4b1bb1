import { describe, expect, test } from "vitest";
import {
  canonicalSender,
  choiceOf,
  receiveSms,
  smsHelpText,
  smsLanguageQuestion,
  smsLanguages,
  smsLimits,
  smsParts,
  smsReceiptReply,
  smsFailureReply,
  smsOutboundCharacters,
  smsOutboundText,
  smsTexts,
  westernDigits,
  type SmsConversation,
  type SmsLanguage,
  type SmsStep,
} from "./sms-conversation";

const start = Date.UTC(2026, 11, 6, 10, 0);
const minute = 60_000;

/** Sends the messages one minute apart; answers every step. */
function converse(messages: string[], { from = null as SmsConversation | null, at = start } = {}): SmsStep[] {
  let state = from;
  const steps: SmsStep[] = [];
  messages.forEach((text, index) => {
    const step = receiveSms(state, text, at + index * minute);
    steps.push(step);
    state = step.state;
  });
  return steps;
}

const last = (steps: SmsStep[]) => steps[steps.length - 1]!;
const replyOf = (step: SmsStep) => (step.kind === "reply" ? step.reply : null);

describe("a whole conversation in each language ends in the same tip", () => {
  test.each([
    [
      "Urdu, Urdu digits, ختم",
      ["رپورٹ", "۱", "۳", "۲", "۲", "بھٹے پر خاندان قید ہیں", "پیشگی واپس کرنے تک جانے نہیں دیتے", "ختم", "۲"],
      "ur",
      "ur",
    ],
    [
      "Urdu keyword اطلاع, Arabic-Indic digits",
      ["اطلاع", "١", "٣", "٢", "٢", "بھٹے پر خاندان قید ہیں", "پیشگی واپس کرنے تک جانے نہیں دیتے", "ختم", "٢"],
      "ur",
      "ur",
    ],
    [
      "Roman Urdu, DONE",
      [
        "REPORT",
        "2",
        "3",
        "2",
        "2",
        "Bhatte par khandan qaid hain",
        "peshgi wapis karne tak jane nahin dete",
        "DONE",
        "2",
      ],
      "roman",
      "ur",
    ],
    [
      "English, lower-case keywords and done.",
      ["report", "3", "3", "2", "2", "Families kept at a brick kiln", "until the advance is repaid", "done.", "2"],
      "en",
      "en",
    ],
  ] as const)("%s", (_name, messages, smsLanguage, tipLanguage) => {
    const steps = converse([...messages]);
    const final = last(steps);
    expect(final.kind).toBe("submit");
    if (final.kind !== "submit") return;
    expect(final.draft).toEqual({
      category: "bonded_labour",
      crossesBorder: "no",
      province: "sindh",
      description: `${messages[5]}\n${messages[6]}`,
      language: tipLanguage,
      textBackConsent: false,
      smsLanguage,
    });
    // Every reply on the way was in the chosen language, after the bilingual language question.
    expect(replyOf(steps[0]!)).toBe(smsLanguageQuestion);
    const texts = smsTexts[smsLanguage];
    expect(steps.slice(1, 8).map(replyOf)).toEqual([
      texts.askCategory,
      texts.askBorder,
      texts.askProvince,
      texts.askDescription,
      texts.received,
      texts.received,
      texts.askConsent,
    ]);
  });

  test.each([
    [["1"], "fake_job_offer"],
    [["2"], "bride_trafficking"],
    [["3"], "bonded_labour"],
    [["4"], "child_exploitation"],
    [["5"], "migrant_smuggling"],
    [["6"], "other"],
  ])("category answer %j is %s (the API's order)", (answer, category) => {
    const final = last(
      converse(["report", "3", ...answer, "3", "8", "Something happened at the house next door", "done", "2"]),
    );
    expect(final.kind === "submit" && final.draft.category).toBe(category);
  });

  test.each([
    ["1", "yes"],
    ["2", "no"],
    ["3", "unknown"],
  ])("border answer %s is %s", (answer, crossesBorder) => {
    const final = last(
      converse(["report", "3", "1", answer, "8", "An agent took fees for jobs in Dubai", "done", "2"]),
    );
    expect(final.kind === "submit" && final.draft.crossesBorder).toBe(crossesBorder);
  });

  test.each([
    ["1", "punjab"],
    ["2", "sindh"],
    ["3", "kp"],
    ["4", "balochistan"],
    ["5", "ict"],
    ["6", "gb"],
    ["7", "ajk"],
    ["8", "unknown"],
    ["۵", "ict"],
    ["٧", "ajk"],
  ])("province answer %s is %s", (answer, province) => {
    const final = last(
      converse(["report", "3", "1", "1", answer, "An agent took fees for jobs in Dubai", "done", "2"]),
    );
    expect(final.kind === "submit" && final.draft.province).toBe(province);
  });

  test.each([
    ["1", true],
    ["۱", true],
    ["2", false],
    ["٢", false],
  ])("consent answer %s: may text back = %s", (answer, consent) => {
    const final = last(converse(["report", "1", "1", "1", "1", "ایجنٹ نے دبئی کی نوکری کے پیسے لیے", "ختم", answer]));
    expect(final.kind === "submit" && final.draft.textBackConsent).toBe(consent);
  });
});

describe("answers", () => {
  test.each([
    ["1", 3, 1],
    [" 2 ", 3, 2],
    ["3.", 3, 3],
    ["2)", 8, 2],
    ["۸", 8, 8],
    ["٣", 3, 3],
    ["۰", 3, null],
    ["4", 3, null],
    ["12", 8, null],
    ["two", 3, null],
    ["1 2", 3, null],
    ["", 3, null],
    ["-1", 3, null],
  ])("%j out of %i is %s", (text, count, expected) => {
    expect(choiceOf(text, count)).toBe(expected);
  });

  test("both digit scripts become 0-9", () => {
    expect(westernDigits("۰۱۲۳۴۵۶۷۸۹ ٠١٢٣٤٥٦٧٨٩")).toBe("0123456789 0123456789");
  });

  test.each(smsLanguages.map((language) => [language]))(
    "a wrong answer repeats the question once with its choices (%s)",
    (language) => {
      const chosen = String(smsLanguages.indexOf(language) + 1);
      const steps = converse(["report", chosen, "bhatta"]);
      const step = last(steps);
      expect(step.state?.step).toBe("category");
      expect(replyOf(step)).toBe(`${smsTexts[language].notUnderstood} ${smsTexts[language].askCategory}`);
    },
  );

  test("the second wrong answer in a row takes the safe default and says so, for every question", () => {
    const steps = converse([
      "report",
      "3",
      "x",
      "x",
      "x",
      "x",
      "x",
      "x",
      "Families kept at a brick kiln",
      "done",
      "x",
      "x",
    ]);
    const en = smsTexts.en;
    expect(steps.slice(2, 8).map(replyOf)).toEqual([
      `${en.notUnderstood} ${en.askCategory}`,
      `${en.movedOn} ${en.askBorder}`,
      `${en.notUnderstood} ${en.askBorder}`,
      `${en.movedOn} ${en.askProvince}`,
      `${en.notUnderstood} ${en.askProvince}`,
      `${en.movedOn} ${en.askDescription}`,
    ]);
    const final = last(steps);
    // "No" to texting back: the number is never kept on a guess.
    expect(final.kind === "submit" && final.draft).toMatchObject({
      category: "other",
      crossesBorder: "unknown",
      province: "unknown",
      textBackConsent: false,
    });
  });

  test("a right answer after a wrong one clears the count", () => {
    const steps = converse(["report", "3", "x", "1", "x", "1"]);
    expect(last(steps).state).toMatchObject({ step: "province", crossesBorder: "yes", wrongAnswers: 0 });
    expect(replyOf(steps[4]!)).toBe(`${smsTexts.en.notUnderstood} ${smsTexts.en.askBorder}`);
  });

  test("a wrong language answer asks again in both scripts; the second makes it Urdu", () => {
    const steps = converse(["report", "urdu", "urdu"]);
    expect(replyOf(steps[1]!)).toContain(smsLanguageQuestion);
    expect(last(steps).state).toMatchObject({ step: "category", language: "ur" });
    expect(replyOf(last(steps))).toBe(`${smsTexts.ur.movedOn} ${smsTexts.ur.askCategory}`);
  });
});

describe("starting, stopping and forgetting", () => {
  test.each(["hello", "1", "DONE", "رپورٹ کرنا ہے", ""])(
    "%j with no conversation gets the help text and keeps nothing",
    (text) => {
      expect(receiveSms(null, text, start)).toEqual({ kind: "reply", state: null, reply: smsHelpText });
    },
  );

  test.each(["REPORT", "report", "Report.", " رپورٹ ", "اطلاع۔"])("%j starts a conversation", (text) => {
    const step = receiveSms(null, text, start);
    expect(replyOf(step)).toBe(smsLanguageQuestion);
    expect(step.state).toMatchObject({ step: "language", messages: 1, description: "" });
  });

  test.each([
    ["STOP", "en"],
    ["stop", "roman"],
    ["بند", "ur"],
  ] as const)("%s ends a conversation and forgets it, confirmed in its language (%s)", (stop, language) => {
    const steps = converse(["report", String(smsLanguages.indexOf(language) + 1), "1", stop]);
    expect(last(steps)).toEqual({ kind: "reply", state: null, reply: smsTexts[language].stopped });
  });

  test("STOP with no conversation sends nothing", () => {
    expect(receiveSms(null, "STOP", start)).toEqual({ kind: "reply", state: null, reply: null });
  });

  test("STOP in the middle of the description forgets it", () => {
    const steps = converse(["report", "3", "1", "1", "1", "An agent took fees", "STOP"]);
    expect(last(steps).state).toBeNull();
  });

  test("30 minutes of silence forgets the conversation: the next answer gets the help text", () => {
    const [first] = converse(["report"]);
    const before = receiveSms(first!.state, "3", start + 30 * minute - 1);
    expect(before.state?.step).toBe("category");
    expect(receiveSms(first!.state, "3", start + 30 * minute)).toEqual({
      kind: "reply",
      state: null,
      reply: smsHelpText,
    });
  });

  test("each message restarts the 30 minutes", () => {
    const steps = converse(["report", "3", "1"], { at: start });
    const later = receiveSms(last(steps).state, "1", start + 2 * minute + 29 * minute);
    expect(later.state?.step).toBe("province");
  });

  test("REPORT in the middle starts again", () => {
    const steps = converse(["report", "3", "1", "REPORT"]);
    expect(last(steps).state).toMatchObject({ step: "language", messages: 1 });
  });
});

describe("the description", () => {
  test("DONE before 10 characters asks for more and keeps the conversation", () => {
    const steps = converse(["report", "3", "1", "1", "1", "help", "DONE"]);
    expect(replyOf(last(steps))).toBe(smsTexts.en.tooShort);
    expect(last(steps).state).toMatchObject({ step: "description", description: "help" });
  });

  test("an empty text adds nothing to the description", () => {
    const steps = converse(["report", "3", "1", "1", "1", "An agent took fees", "  ", "in Lahore"]);
    expect(last(steps).state?.description).toBe("An agent took fees\nin Lahore");
  });

  test("a description at the character cap ends by itself and goes to the consent question", () => {
    const steps = converse([
      "report",
      "3",
      "1",
      "1",
      "1",
      "x".repeat(1_600),
      "y".repeat(1_600),
      "z".repeat(1_600),
      "w".repeat(1_600),
    ]);
    const step = last(steps);
    expect(step.state?.step).toBe("consent");
    expect(step.state?.description.length).toBe(smsLimits.descriptionCharacters);
    expect(replyOf(step)).toBe(`${smsTexts.en.full} ${smsTexts.en.askConsent}`);
  });

  test("a description of many short messages ends at the message cap", () => {
    const messages = ["report", "3", "1", "1", "1", ...Array.from({ length: 60 }, (_, i) => `message ${i}`)];
    const steps = converse(messages);
    const full = steps.findIndex((step) => step.state?.step === "consent");
    expect(full + 1).toBe(smsLimits.messages);
    expect(steps[full]!.state!.description.split("\n")).toHaveLength(smsLimits.messages - 5);
    // The answer to the consent question comes after the cap, and still stores the report (found by review).
    const answered = receiveSms(steps[full]!.state, "2", start + (full + 1) * minute);
    expect(answered.kind).toBe("submit");
  });

  test("a flood of answers to a question ends the conversation and keeps nothing", () => {
    // Answers always move on within two messages, so the cap is reached here only by a conversation that
    // already holds the cap's messages.
    const state = { ...converse(["report", "3"]).at(-1)!.state!, messages: smsLimits.messages };
    const step = receiveSms(state, "1", start + minute);
    expect(step).toEqual({ kind: "reply", state: null, reply: smsTexts.en.tooMany });
  });

  test("the state never holds more than the capped description and the answers", () => {
    const steps = converse(["report", "3", "1", "1", "1", "An agent took fees for jobs in Dubai"]);
    expect(Object.keys(last(steps).state!).sort()).toEqual(
      [
        "category",
        "crossesBorder",
        "description",
        "language",
        "lastMessageAt",
        "messages",
        "province",
        "step",
        "wrongAnswers",
      ].sort(),
    );
  });
});

describe("every reply fits two SMS parts", () => {
  const reference = "AG-2026-123456";
  const receipt = "7KQ2-M9XD-ABCD-EFGH-JKMN";
  const allReplies: [string, string][] = [
    ["help", smsHelpText],
    ["language question", smsLanguageQuestion],
    ["language repeated", replyOf(converse(["report", "x"])[1]!) ?? ""],
  ];
  for (const language of smsLanguages) {
    const texts = smsTexts[language];
    for (const [key, text] of Object.entries(texts)) allReplies.push([`${language} ${key}`, text]);
    for (const question of [
      texts.askCategory,
      texts.askBorder,
      texts.askProvince,
      texts.askDescription,
      texts.askConsent,
    ]) {
      allReplies.push([`${language} wrong answer`, `${texts.notUnderstood} ${question}`]);
      allReplies.push([`${language} moved on`, `${texts.movedOn} ${question}`]);
    }
    allReplies.push([`${language} full`, `${texts.full} ${texts.askConsent}`]);
    allReplies.push([`${language} Urdu default`, `${smsTexts.ur.movedOn} ${smsTexts.ur.askCategory}`]);
    allReplies.push([`${language} receipt`, smsReceiptReply(language, reference, receipt)]);
    allReplies.push([`${language} failure`, smsFailureReply(language, "failed")]);
  }

  test.each(allReplies)("%s", (_name, text) => {
    expect(text.length).toBeGreaterThan(0);
    expect(smsParts(text).parts, `${text.length} characters`).toBeLessThanOrEqual(2);
  });

  test("Roman Urdu and English texts are GSM-7 (160 a part), Urdu ones UCS-2", () => {
    for (const language of ["roman", "en"] as SmsLanguage[]) {
      for (const text of Object.values(smsTexts[language])) expect(smsParts(text).encoding, text).toBe("gsm7");
    }
    for (const text of Object.values(smsTexts.ur)) expect(smsParts(text).encoding).toBe("ucs2");
  });

  test("the receipt reply carries the reference, the code and the advice to delete", () => {
    expect(smsReceiptReply("en", reference, receipt)).toContain(`Case ${reference}, receipt code ${receipt}`);
    expect(smsReceiptReply("en", reference, receipt)).toMatch(/delete these messages/);
    expect(smsReceiptReply("ur", reference, receipt)).toContain("مٹا دیں");
    expect(smsReceiptReply("roman", reference, receipt)).toContain("mita dein");
  });
});

describe("SMS part counting", () => {
  test.each([
    ["a".repeat(160), "gsm7", 1],
    ["a".repeat(161), "gsm7", 2],
    ["a".repeat(306), "gsm7", 2],
    ["a".repeat(307), "gsm7", 3],
    ["[".repeat(80), "gsm7", 1],
    ["[".repeat(81), "gsm7", 2],
    ["ا".repeat(70), "ucs2", 1],
    ["ا".repeat(71), "ucs2", 2],
    ["ا".repeat(134), "ucs2", 2],
    ["ا".repeat(135), "ucs2", 3],
    ["a".repeat(69) + "’", "ucs2", 1],
  ])("%#: %s... is %s in %i part(s)", (text, encoding, parts) => {
    expect(smsParts(text)).toEqual({ encoding, parts });
  });
});

describe("the sender's forms are one key", () => {
  test.each(["+923009876543", "923009876543", "03009876543", "00923009876543", "+92 300 9876543", "۰۳۰۰۹۸۷۶۵۴۳"])(
    "%s",
    (from) => {
      expect(canonicalSender(from)).toBe("923009876543");
    },
  );
  test("other senders keep their digits and letters", () => {
    expect(canonicalSender("+44 7700 900123")).toBe("447700900123");
    expect(canonicalSender("Jazz")).toBe("jazz");
  });
});

describe("staff messages by SMS", () => {
  test("a short message goes whole, after the case reference", () => {
    expect(smsOutboundText("en", "AG-2026-000001", "Please call  the\nhelpline 1099.")).toBe(
      "Aagahi AG-2026-000001: Please call the helpline 1099.",
    );
  });
  test.each(["ur", "en"] as const)("a long message is cut and points to the website (%s)", (language) => {
    const text = smsOutboundText(language, "AG-2026-000001", "ب".repeat(1_000));
    expect(text.length).toBeLessThanOrEqual(smsOutboundCharacters);
    expect(text.endsWith(language === "ur" ? "باقی ویب سائٹ پر" : "more on the website")).toBe(true);
  });
});
