// A tip by text message: the conversation as a pure state machine (issue 15, docs/decisions/027-sms-channel.md).
// The webhook (app/server/sms-webhook.server.ts) keeps one state per sender in memory, keyed by an HMAC of the
// number; the state itself never holds the number. Replies are short: each fits two SMS parts (smsParts below).
import { tipCategories, type BorderAnswer, type ProvinceAnswer, type TipCategory, limits as tipLimits } from "./tip";

export const smsLanguages = ["ur", "roman", "en"] as const;
export type SmsLanguage = (typeof smsLanguages)[number];

type Step = "language" | "category" | "border" | "province" | "description" | "consent";

export interface SmsConversation {
  step: Step;
  language: SmsLanguage;
  category?: TipCategory;
  crossesBorder?: BorderAnswer;
  province?: ProvinceAnswer;
  description: string;
  /** Wrong answers to the current question: the first repeats it, the second takes its safe default. */
  wrongAnswers: number;
  messages: number;
  /** ms since the epoch of the last message; the conversation is forgotten 30 minutes after it. */
  lastMessageAt: number;
}

/** What a finished conversation hands to the intake (as the partner API would receive it). */
export interface SmsTipDraft {
  category: TipCategory;
  crossesBorder: BorderAnswer;
  province: ProvinceAnswer;
  description: string;
  /** Roman Urdu is Urdu: staff answer in Urdu (ADR 027). */
  language: "ur" | "en";
  /** The reporter answered "yes" to "may the agency text you back?". */
  textBackConsent: boolean;
  /** The conversation's language, for the reply with the receipt. */
  smsLanguage: SmsLanguage;
}

export type SmsStep =
  | { kind: "reply"; state: SmsConversation | null; reply: string | null }
  | { kind: "submit"; state: null; draft: SmsTipDraft };

export const smsLimits = {
  /** Silence after which a conversation is forgotten. */
  idleMs: 30 * 60 * 1000,
  /** Messages in one conversation: a flood cannot build an endless tip. */
  messages: 40,
  /** The description's characters, the same cap as the web form's. */
  descriptionCharacters: tipLimits.descriptionMax,
  /** One inbound text (a long concatenated SMS is about 10 parts). */
  textCharacters: 1_600,
} as const;

const borderChoices: BorderAnswer[] = ["yes", "no", "unknown"];
const provinceChoices: ProvinceAnswer[] = ["punjab", "sindh", "kp", "balochistan", "ict", "gb", "ajk", "unknown"];

/** Urdu (۰-۹) and Arabic-Indic (٠-٩) digits become 0-9. */
export function westernDigits(text: string): string {
  return text
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660));
}

/** A whole message as a keyword: trimmed, lower case, without closing punctuation. */
function keywordOf(text: string): string {
  return text
    .normalize("NFC")
    .trim()
    .toLowerCase()
    .replace(/[\s.!?۔؟،,]+$/u, "");
}

const startWords = new Set(["report", "رپورٹ", "اطلاع"]);
const stopWords = new Set(["stop", "بند"]);
const doneWords = new Set(["done", "ختم"]);

/** The number chosen, 1..count, or null for anything else ("2", " ۲ ", "2." count; "two", "12" do not). */
export function choiceOf(text: string, count: number): number | null {
  const match = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(westernDigits(text));
  if (!match) return null;
  const value = Number(match[1]);
  return value >= 1 && value <= count ? value : null;
}

// ---- Texts. Every one fits two SMS parts in its language (sms-conversation.test.ts measures each). ----

interface Texts {
  askCategory: string;
  askBorder: string;
  askProvince: string;
  askDescription: string;
  received: string;
  tooShort: string;
  full: string;
  askConsent: string;
  notUnderstood: string;
  movedOn: string;
  stopped: string;
  receipt: string;
  tooMany: string;
  failed: string;
}

/** Before a language is chosen: both scripts. */
export const smsHelpText = "آگاہی: اطلاع دینے کے لیے رپورٹ لکھ کر بھیجیں۔ To report trafficking, send REPORT.";
export const smsLanguageQuestion = "زبان / Language: 1 اردو 2 Roman Urdu 3 English. بند / STOP ends it.";
const languageNotUnderstood = "1، 2 یا 3 بھیجیں / Send 1, 2 or 3.";

export const smsTexts: Record<SmsLanguage, Texts> = {
  ur: {
    askCategory:
      "کیا ہوا؟ 1 نوکری کا جھوٹا وعدہ 2 دلہن کی فروخت 3 بھٹہ/جبری مشقت 4 بچوں کا استحصال 5 انسانی اسمگلنگ 6 کچھ اور",
    askBorder: "کیا کسی کو پاکستان سے باہر بھیجا گیا یا بھیجا جا رہا ہے؟ 1 ہاں 2 نہیں 3 معلوم نہیں",
    askProvince:
      "کہاں؟ 1 پنجاب 2 سندھ 3 خیبر پختونخوا 4 بلوچستان 5 اسلام آباد 6 گلگت بلتستان 7 آزاد کشمیر 8 معلوم نہیں",
    askDescription:
      "اب بتائیں کیا ہوا: کہاں، کب، کون۔ ایک یا زیادہ پیغام بھیجیں، آخر میں ختم لکھیں۔ اپنا نام نہ لکھیں۔",
    received: "مل گیا۔ اور لکھیں، یا ختم بھیجیں۔",
    tooShort: "تھوڑا اور بتائیں (کم از کم 10 حروف)، پھر ختم بھیجیں۔",
    full: "پیغام کی حد پوری ہو گئی۔",
    askConsent: "کیا ادارہ آپ کو اس نمبر پر SMS کر سکتا ہے؟ 1 ہاں 2 نہیں۔ نہیں کہیں تو نمبر نہیں رکھا جائے گا۔",
    notUnderstood: "صرف نمبر بھیجیں۔",
    movedOn: "جواب سمجھ نہیں آیا۔",
    stopped: "بات ختم۔ کچھ نہیں رکھا گیا۔",
    receipt:
      "شکریہ۔ کیس {reference}، رسید کوڈ {receipt}: ویب سائٹ پر جواب دیکھنے کے لیے۔ فون محفوظ نہ ہو تو یہ پیغام مٹا دیں۔",
    tooMany: "بہت زیادہ پیغام۔ کچھ دیر بعد رپورٹ بھیجیں۔",
    failed: "اطلاع نہیں بھیجی جا سکی۔ کچھ دیر بعد رپورٹ لکھ کر دوبارہ کوشش کریں۔",
  },
  roman: {
    askCategory:
      "Kya hua? 1 naukri ka jhoota waada 2 dulhan ki khareed o farokht 3 jabri mushaqqat (bhatta) 4 bachon ka istehsal 5 ghair qanooni bahar bhejna 6 kuch aur",
    askBorder: "Kya kisi ko Pakistan se bahar bheja gaya ya bheja ja raha hai? 1 haan 2 nahin 3 maloom nahin",
    askProvince:
      "Kahan? 1 Punjab 2 Sindh 3 Khyber Pakhtunkhwa 4 Balochistan 5 Islamabad 6 Gilgit-Baltistan 7 Azad Kashmir 8 maloom nahin",
    askDescription:
      "Ab batayein kya hua: kahan, kab, kaun. Aik ya zyada message bhejein, aakhir mein DONE likhein. Apna naam na likhein.",
    received: "Mil gaya. Aur likhein, ya DONE bhejein.",
    tooShort: "Thora aur batayein (kam az kam 10 huroof), phir DONE bhejein.",
    full: "Message ki had poori ho gayi.",
    askConsent:
      "Kya idara aap ko is number par SMS kar sakta hai? 1 haan 2 nahin. Nahin kahein to number nahin rakha jaye ga.",
    notUnderstood: "Sirf number bhejein.",
    movedOn: "Jawab samajh nahin aya, aage chalte hain.",
    stopped: "Baat khatam. Kuch nahin rakha gaya.",
    receipt:
      "Shukriya. Case {reference}, raseed code {receipt}: website par jawab dekhne ke liye. Phone mehfooz na ho to ye messages mita dein.",
    tooMany: "Bohat zyada messages. Kuch dair baad REPORT bhejein.",
    failed: "Ittila nahin bheji ja saki. Kuch dair baad REPORT likh kar dobara koshish karein.",
  },
  en: {
    askCategory:
      "What happened? 1 fake job offer 2 bride trafficking 3 bonded labour (kiln) 4 child exploitation 5 migrant smuggling 6 other",
    askBorder: "Was someone taken, or is someone being sent, out of Pakistan? 1 yes 2 no 3 don't know",
    askProvince:
      "Where? 1 Punjab 2 Sindh 3 Khyber Pakhtunkhwa 4 Balochistan 5 Islamabad 6 Gilgit-Baltistan 7 Azad Kashmir 8 don't know",
    askDescription:
      "Now tell us what happened: where, when, who. Send one or more messages, then DONE. Do not give your name.",
    received: "Received. Write more, or send DONE.",
    tooShort: "Please tell a little more (at least 10 letters), then send DONE.",
    full: "The message limit is reached.",
    askConsent: "May the agency text you back at this number? 1 yes 2 no. If no, the number is not kept.",
    notUnderstood: "Please send a number.",
    movedOn: "Answer not understood; moving on.",
    stopped: "Ended. Nothing was kept.",
    receipt:
      "Thank you. Case {reference}, receipt code {receipt}: use it on the website for replies. If your phone is not safe, delete these messages.",
    tooMany: "Too many messages. Send REPORT again later.",
    failed: "The report could not be sent. Please send REPORT again later.",
  },
};

const questionOf = (step: Step, language: SmsLanguage): string => {
  const texts = smsTexts[language];
  switch (step) {
    case "language":
      return smsLanguageQuestion;
    case "category":
      return texts.askCategory;
    case "border":
      return texts.askBorder;
    case "province":
      return texts.askProvince;
    case "description":
      return texts.askDescription;
    case "consent":
      return texts.askConsent;
  }
};

/** The reply once the tip is stored: case reference, receipt code, and the advice to delete the messages. */
export function smsReceiptReply(language: SmsLanguage, reference: string, receipt: string): string {
  return smsTexts[language].receipt.replace("{reference}", reference).replace("{receipt}", receipt);
}

/** The reply when the intake refused the tip (a rate limit, or a check the conversation could not foresee). */
export function smsFailureReply(language: SmsLanguage, problem: "rateLimited" | "failed"): string {
  return smsTexts[language][problem === "rateLimited" ? "tooMany" : "failed"];
}

export function isExpired(state: SmsConversation, now: number): boolean {
  return now - state.lastMessageAt >= smsLimits.idleMs;
}

const join = (...parts: string[]) => parts.filter(Boolean).join(" ");

function draftOf(state: SmsConversation, textBackConsent: boolean): SmsTipDraft {
  return {
    category: state.category ?? "other",
    crossesBorder: state.crossesBorder ?? "unknown",
    province: state.province ?? "unknown",
    description: state.description,
    language: state.language === "en" ? "en" : "ur",
    textBackConsent,
    smsLanguage: state.language,
  };
}

/**
 * One inbound message. `previous` is the sender's conversation or null; an expired one counts as none.
 * Answers the next state (null: forget it) and the reply (null: send nothing), or the finished tip.
 */
export function receiveSms(previous: SmsConversation | null, text: string, now: number): SmsStep {
  const current = previous && !isExpired(previous, now) ? previous : null;
  const word = keywordOf(text);

  if (stopWords.has(word)) {
    // Said to a conversation, confirmed once; said to nothing, nothing is sent.
    return { kind: "reply", state: null, reply: current ? smsTexts[current.language].stopped : null };
  }
  if (startWords.has(word)) {
    const fresh: SmsConversation = {
      step: "language",
      language: "ur",
      description: "",
      wrongAnswers: 0,
      messages: 1,
      lastMessageAt: now,
    };
    return { kind: "reply", state: fresh, reply: smsLanguageQuestion };
  }
  if (!current) return { kind: "reply", state: null, reply: smsHelpText };

  const state: SmsConversation = { ...current, messages: current.messages + 1, lastMessageAt: now };
  const texts = smsTexts[state.language];
  const ask = (next: SmsConversation, prefix = ""): SmsStep => ({
    kind: "reply",
    state: { ...next, wrongAnswers: 0 },
    reply: join(prefix, questionOf(next.step, next.language)),
  });

  if (state.step === "description") {
    if (doneWords.has(word)) {
      if (state.description.length < tipLimits.descriptionMin) return { kind: "reply", state, reply: texts.tooShort };
      return ask({ ...state, step: "consent" });
    }
    const piece = text.normalize("NFC").trim();
    // An empty text (a stray send) adds nothing, but still counts towards the message cap.
    if (!piece && state.messages < smsLimits.messages) return { kind: "reply", state, reply: texts.received };
    const room = smsLimits.descriptionCharacters - state.description.length - (state.description ? 1 : 0);
    const description = state.description
      ? `${state.description}\n${piece.slice(0, Math.max(0, room))}`
      : piece.slice(0, room);
    const next = { ...state, description };
    // Full (characters or messages): the description ends here, as if DONE had been sent.
    if (piece.length >= room || state.messages >= smsLimits.messages)
      return ask({ ...next, step: "consent" }, texts.full);
    return { kind: "reply", state: next, reply: texts.received };
  }

  // A flood of answers to a question: the conversation ends, nothing is kept. Not at the consent question: a
  // description that ended because it reached the message cap is asked that question with the cap already used,
  // and its answer must still store the report.
  if (state.messages > smsLimits.messages && state.step !== "consent")
    return { kind: "reply", state: null, reply: texts.tooMany };

  const choices = { language: 3, category: 6, border: 3, province: 8, consent: 2 }[state.step];
  const choice = choiceOf(text, choices);
  const secondWrong = choice === null && state.wrongAnswers >= 1;
  if (choice === null && !secondWrong) {
    // The first wrong answer repeats the question with its choices.
    const reply =
      state.step === "language"
        ? `${languageNotUnderstood} ${smsLanguageQuestion}`
        : join(texts.notUnderstood, questionOf(state.step, state.language));
    return { kind: "reply", state: { ...state, wrongAnswers: state.wrongAnswers + 1 }, reply };
  }
  // The second wrong answer takes the question's safe default ("don't know", "other", Urdu, and "no" for
  // texting back), says so, and goes on: a reporter is never stuck, and nothing is guessed in their disfavour.
  const prefix = secondWrong ? texts.movedOn : "";
  switch (state.step) {
    case "language": {
      const language = secondWrong ? "ur" : smsLanguages[choice! - 1]!;
      return ask({ ...state, language, step: "category" }, secondWrong ? smsTexts.ur.movedOn : "");
    }
    case "category":
      return ask({ ...state, category: secondWrong ? "other" : tipCategories[choice! - 1]!, step: "border" }, prefix);
    case "border":
      return ask(
        { ...state, crossesBorder: secondWrong ? "unknown" : borderChoices[choice! - 1]!, step: "province" },
        prefix,
      );
    case "province":
      return ask(
        { ...state, province: secondWrong ? "unknown" : provinceChoices[choice! - 1]!, step: "description" },
        prefix,
      );
    case "consent":
      return { kind: "submit", state: null, draft: draftOf(state, !secondWrong && choice === 1) };
  }
}

// ---- SMS lengths ----

// GSM 03.38: the basic set costs one septet a character, the extension set two; anything else makes the whole
// message UCS-2 (Urdu always is).
const gsmBasic = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
const gsmExtension = new Set("^{}\\[~]|€\f");

/** How many SMS parts a text takes: GSM-7 160 alone, 153 a part; UCS-2 70 alone, 67 a part. */
export function smsParts(text: string): { encoding: "gsm7" | "ucs2"; parts: number } {
  const characters = [...text];
  if (characters.every((c) => gsmBasic.has(c) || gsmExtension.has(c))) {
    const septets = characters.reduce((sum, c) => sum + (gsmExtension.has(c) ? 2 : 1), 0);
    return { encoding: "gsm7", parts: septets <= 160 ? 1 : Math.ceil(septets / 153) };
  }
  const units = text.length; // UTF-16 code units, as UCS-2 counts them
  return { encoding: "ucs2", parts: units <= 70 ? 1 : Math.ceil(units / 67) };
}

/** Pakistani numbers in their usual forms (+92300..., 0092300..., 92300..., 0300...) as one key: 92300... */
export function canonicalSender(from: string): string {
  const digits = westernDigits(from).replace(/[^0-9A-Za-z]/g, "");
  if (/^0092\d{10}$/.test(digits)) return digits.slice(2);
  if (/^03\d{9}$/.test(digits)) return `92${digits.slice(1)}`;
  return digits.toLowerCase();
}

// ---- Staff messages to a reporter who agreed to be texted back ----

/** Characters of a staff message sent by SMS; a longer one is cut and points to the website. */
export const smsOutboundCharacters = 300;

const continuedOnWebsite = { ur: " … باقی ویب سائٹ پر", en: " ... more on the website" } as const;

/** The text the gateway sends for a staff message: the case reference, then the message (cut if long). */
export function smsOutboundText(language: "ur" | "en", reference: string, message: string): string {
  const body = message.replace(/\s+/g, " ").trim();
  const head = `Aagahi ${reference}: `;
  if (head.length + body.length <= smsOutboundCharacters) return head + body;
  const tail = continuedOnWebsite[language];
  return head + body.slice(0, smsOutboundCharacters - head.length - tail.length).trimEnd() + tail;
}
