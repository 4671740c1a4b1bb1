import { describe, expect, test } from "vitest";
import {
  extractIdentifiers,
  linkKey,
  normalizePhone,
  parseSearch,
  type Identifier,
  type IdentifierKind,
} from "./identifiers";

const ofKind = (kind: IdentifierKind, ...texts: (string | null | undefined)[]) =>
  extractIdentifiers(...texts).filter((identifier) => identifier.kind === kind);

const toUrduDigits = (text: string) => text.replace(/\d/g, (digit) => String.fromCharCode(0x06f0 + Number(digit)));
const toArabicIndicDigits = (text: string) =>
  text.replace(/\d/g, (digit) => String.fromCharCode(0x0660 + Number(digit)));

describe("phone numbers", () => {
  test.each<[string, string, string]>([
    // Mobiles, as people write them
    ["Call him on 03001234567", "+923001234567", "03001234567"],
    ["Agent ka number 0300-1234567 hai", "+923001234567", "0300-1234567"],
    ["number: 0300 123 4567", "+923001234567", "0300 123 4567"],
    ["0300-123-4567 pe WhatsApp karein", "+923001234567", "0300-123-4567"],
    ["0300 123 45 67", "+923001234567", "0300 123 45 67"],
    ["0300 - 1234567", "+923001234567", "0300 - 1234567"],
    ["0300.1234567", "+923001234567", "0300.1234567"],
    ["(0300) 1234567", "+923001234567", "(0300) 1234567"],
    ["WhatsApp +92 300 1234567", "+923001234567", "+92 300 1234567"],
    ["+923001234567", "+923001234567", "+923001234567"],
    ["+92-300-1234567", "+923001234567", "+92-300-1234567"],
    ["0092 300 1234567", "+923001234567", "0092 300 1234567"],
    ["00923001234567", "+923001234567", "00923001234567"],
    ["92-300-1234567", "+923001234567", "92-300-1234567"],
    ["923001234567", "+923001234567", "923001234567"],
    ["+92 (0) 300 1234567", "+923001234567", "+92 (0) 300 1234567"],
    ["+92 0300 1234567 (the 0 kept by habit)", "+923001234567", "+92 0300 1234567"],
    ["(+92) 300-1234567", "+923001234567", "(+92) 300-1234567"],
    [
      "Jazz 0301-7654321, Zong 0315 7654321, Ufone 0333 765 4321, Telenor 0345-7654321",
      "+923017654321",
      "0301-7654321",
    ],
    ["SCO in Gilgit 0355-1234567", "+923551234567", "0355-1234567"],
    // Urdu and Arabic-Indic digits, mixed digits and separators
    ["ایجنٹ کا نمبر ۰۳۰۰۱۲۳۴۵۶۷ ہے", "+923001234567", "۰۳۰۰۱۲۳۴۵۶۷"],
    ["نمبر: ۰۳۰۰-۱۲۳۴۵۶۷", "+923001234567", "۰۳۰۰-۱۲۳۴۵۶۷"],
    ["٠٣٠٠ ١٢٣ ٤٥٦٧", "+923001234567", "٠٣٠٠ ١٢٣ ٤٥٦٧"],
    ["۰۳۰۰1234567 (Urdu and English digits mixed)", "+923001234567", "۰۳۰۰1234567"],
    ["+۹۲ ۳۰۰ ۱۲۳۴۵۶۷", "+923001234567", "+۹۲ ۳۰۰ ۱۲۳۴۵۶۷"],
    ["0300-123 4567", "+923001234567", "0300-123 4567"],
    ["+92 300-123.4567", "+923001234567", "+92 300-123.4567"],
    ["0300–1234567 (en dash)", "+923001234567", "0300–1234567"],
    ["نمبر۰۳۰۰۱۲۳۴۵۶۷ہے (no spaces around it)", "+923001234567", "۰۳۰۰۱۲۳۴۵۶۷"],
    ["copied with a direction mark 0300\u200e-1234567", "+923001234567", "0300-1234567"],
    ["Cell No.0300-1234567", "+923001234567", "0300-1234567"],
    ["Ph#03001234567", "+923001234567", "03001234567"],
    // Landlines with area codes
    ["Office 042-35712345", "+924235712345", "042-35712345"],
    ["(042) 3571 2345", "+924235712345", "(042) 3571 2345"],
    ["Islamabad office 051-1234567", "+92511234567", "051-1234567"],
    ["(051) 1234567", "+92511234567", "(051) 1234567"],
    ["Karachi: 021 34567890", "+922134567890", "021 34567890"],
    ["+92 42 35712345", "+924235712345", "+92 42 35712345"],
    ["+924235712345", "+924235712345", "+924235712345"],
    ["0092-42-35712345", "+924235712345", "0092-42-35712345"],
    ["92 42 35712345", "+924235712345", "92 42 35712345"],
    ["+92 (42) 3571-2345", "+924235712345", "+92 (42) 3571-2345"],
    ["04235712345", "+924235712345", "04235712345"],
    ["Peshawar 091-2345678", "+92912345678", "091-2345678"],
    ["Faisalabad 041 8765432", "+92418765432", "041 8765432"],
    ["Abbottabad 0992-123456", "+92992123456", "0992-123456"],
    ["Muzaffarabad 05822-123456", "+925822123456", "05822-123456"],
    ["دفتر کا فون ۰۴۲-۳۵۷۱۲۳۴۵", "+924235712345", "۰۴۲-۳۵۷۱۲۳۴۵"],
  ])("%s → %s", (text, value, display) => {
    expect(ofKind("phone", text)[0]).toEqual({ kind: "phone", value, display });
  });

  // Every way of writing the prefix with every way of grouping the rest, in three digit scripts.
  const prefixes = ["0", "+92", "+92 ", "+92-", "0092 ", "0092", "92-", "92 ", "+92 (0) ", "+92 0"];
  const rests = [
    "3001234567",
    "300-1234567",
    "300 1234567",
    "300 123 4567",
    "300-123-4567",
    "300 - 1234567",
    "300.1234567",
  ];
  const numbers = prefixes.flatMap((prefix) => rests.map((rest) => `${prefix}${rest}`));
  test.each([
    ...numbers.map((number) => ["ASCII", number]),
    ...numbers.map((number) => ["Urdu", toUrduDigits(number)]),
    ...numbers.map((number) => ["Arabic-Indic", toArabicIndicDigits(number)]),
  ])("%s digits: %s", (_, number) => {
    expect(extractIdentifiers(`Agent: ${number}, call after 6`)).toEqual([
      { kind: "phone", value: "+923001234567", display: number },
    ]);
  });

  test.each<[string, string]>([
    ["a CNIC with dashes", "CNIC 35202-1234567-1"],
    ["a CNIC without dashes", "شناختی کارڈ 3520212345671"],
    ["an amount", "He took Rs 250,000 from us"],
    ["an amount in lakhs", "2,50,000 rupees"],
    ["an amount with a trunk-like zero", "Rs. 0300000"],
    ["a five-digit number", "reference 54321"],
    ["a six-digit number", "pin 123456"],
    ["a seven-digit number without an area code", "phone 1234567"],
    ["a date, day first", "on 03-12-2023"],
    ["a date with slashes", "03/12/2023"],
    ["a date, year first", "2023-03-12"],
    ["a date starting with a zero", "05-12-2023"],
    ["a time", "at 03:00 pm"],
    ["a mobile number one digit short", "0300-123456"],
    ["a mobile number one digit long", "0300-12345678"],
    ["a mobile number inside a longer number", "0300-1234567-8"],
    ["a mobile number after other digits", "12-0300-1234567"],
    ["a number glued to letters", "ABC03001234567"],
    ["a toll-free number", "0800-12345"],
    ["a UAN without a city", "111-222-333"],
    ["a foreign mobile", "+971 50 123 4567"],
    ["a Saudi mobile", "+966 512345678"],
    ["a tracking number starting with 92", "Tracking 9203001234567"],
    ["an IBAN", "IBAN PK36SCBL0000001123456702"],
    ["a landline area code with too short a number", "0423-12345"],
    ["a long account number", "Account 0421234567891234"],
    ["a year followed by a number", "1992 300 1234567 8"],
    ["digits inside an e-mail address", "ali03001234567@gmail.com"],
    ["a number starting 01", "01234567890"],
  ])("%s is not a phone: %s", (_, text) => {
    expect(ofKind("phone", text)).toEqual([]);
  });

  test("several numbers in a list are each found", () => {
    const values = (text: string) => ofKind("phone", text).map((phone) => phone.value);
    expect(values("03001234567,03217654321")).toEqual(["+923001234567", "+923217654321"]);
    expect(values("0300-1234567/0333-7654321")).toEqual(["+923001234567", "+923337654321"]);
    expect(values("0300 1234567 0321 7654321")).toEqual(["+923001234567", "+923217654321"]);
    expect(values("0300-1234567 aur 042-35712345")).toEqual(["+923001234567", "+924235712345"]);
  });
});

describe("normalizePhone", () => {
  test.each<[string, string | null]>([
    ["0300-1234567", "+923001234567"],
    ["  +92 300 1234567 ", "+923001234567"],
    ["۰۳۰۰۱۲۳۴۵۶۷", "+923001234567"],
    ["(042) 3571 2345", "+924235712345"],
    ["1234567", null],
    ["0300-1234567 and more", null],
    ["35202-1234567-1", null],
    ["", null],
  ])("%j → %s", (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });
});

describe("CNIC numbers", () => {
  test.each<[string, string]>([
    ["CNIC: 35202-1234567-1", "35202-1234567-1"],
    ["shanakhti card 3520212345671", "3520212345671"],
    ["35202 1234567 1", "35202 1234567 1"],
    ["شناختی کارڈ نمبر ۳۵۲۰۲-۱۲۳۴۵۶۷-۱ ہے", "۳۵۲۰۲-۱۲۳۴۵۶۷-۱"],
    ["٣٥٢٠٢١٢٣٤٥٦٧١", "٣٥٢٠٢١٢٣٤٥٦٧١"],
    ["42101–1234567–1 (en dashes)", "42101–1234567–1"],
    ["KP 17301-1234567-1", "17301-1234567-1"],
    ["Islamabad 61101-1234567-1.", "61101-1234567-1"],
    ["AJK 82203-1234567-1", "82203-1234567-1"],
  ])("%s", (text, display) => {
    const digits = display
      .replace(/[^\d\u0660-\u0669\u06f0-\u06f9]/g, "")
      .replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) & 0xf));
    const value = `${digits.slice(0, 5)}-${digits.slice(5, 12)}-${digits.slice(12)}`;
    expect(ofKind("cnic", text)).toEqual([{ kind: "cnic", value, display }]);
  });

  test.each<[string, string]>([
    ["twelve digits", "352021234567"],
    ["fourteen digits", "35202123456712"],
    ["fifteen digits", "352021234567123"],
    ["mixed separators", "35202-12345671"],
    ["a first digit no region uses", "95202-1234567-1"],
    ["a first digit of zero", "05202-1234567-1"],
    ["part of a longer number", "35202-1234567-1-2"],
    ["wrong group sizes", "3520-21234567-1"],
  ])("%s is not a CNIC: %s", (_, text) => {
    expect(ofKind("cnic", text)).toEqual([]);
  });

  test("a CNIC is not also read as a phone number", () => {
    expect(extractIdentifiers("3520212345671")).toEqual([
      { kind: "cnic", value: "35202-1234567-1", display: "3520212345671" },
    ]);
  });
});

describe("e-mail addresses", () => {
  test.each<[string, string, string]>([
    ["mail him at Ali.Khan@Gmail.com", "ali.khan@gmail.com", "Ali.Khan@Gmail.com"],
    ["ای میل: agent_786@yahoo.com پر", "agent_786@yahoo.com", "agent_786@yahoo.com"],
    ["info@sky-travels.com.pk.", "info@sky-travels.com.pk", "info@sky-travels.com.pk"],
    ["(jobs+dubai@hotmail.co.uk)", "jobs+dubai@hotmail.co.uk", "jobs+dubai@hotmail.co.uk"],
    ["ای میل bilal@gmail.comپر بھیجیں", "bilal@gmail.com", "bilal@gmail.com"],
    ["RECRUIT@ALHABIB-OEP.PK", "recruit@alhabib-oep.pk", "RECRUIT@ALHABIB-OEP.PK"],
  ])("%s", (text, value, display) => {
    expect(ofKind("email", text)).toEqual([{ kind: "email", value, display }]);
  });

  test.each(["ali at gmail dot com", "@sky_travels on Instagram", "user@localhost", "a@b.c", "name@domain"])(
    "%s is not an e-mail address",
    (text) => {
      expect(ofKind("email", text)).toEqual([]);
    },
  );
});

describe("agencies", () => {
  test.each<[string, string, string]>([
    // English
    [
      "The agent from Al-Habib Overseas Employment Promoters took my brother's passport.",
      "al habib overseas employment promoters",
      "Al-Habib Overseas Employment Promoters",
    ],
    [
      "Al-Habib Overseas Employment Promoters (Pvt.) Ltd. is on the receipt",
      "al habib overseas employment promoters",
      "Al-Habib Overseas Employment Promoters (Pvt.) Ltd.",
    ],
    ["He works for Al Habib OEP in Rawalpindi.", "al habib overseas employment promoters", "Al Habib OEP"],
    [
      "Green Line Overseas Employment, Lahore",
      "green line overseas employment promoters",
      "Green Line Overseas Employment",
    ],
    ["Zam Zam Overseas sent six girls", "zam zam overseas", "Zam Zam Overseas"],
    ["My cousin went through Sky Travels and Tours in Lahore.", "sky travels", "Sky Travels and Tours"],
    ["Sky Tours & Travels booked the ticket", "sky travels", "Sky Tours & Travels"],
    ["Madina Travel Agency, Gujranwala", "madina travels", "Madina Travel Agency"],
    ["Sky Travels (Pvt) Ltd", "sky travels", "Sky Travels (Pvt) Ltd"],
    ["Sky Travels Private Limited, Lahore", "sky travels", "Sky Travels Private Limited"],
    ["SKY TRAVELS TOOK OUR PASSPORTS", "sky travels", "SKY TRAVELS"],
    ["They paid 5 lakh to Star Recruiting Agency.", "star recruiting agency", "Star Recruiting Agency"],
    ["Crescent Recruitment Agency", "crescent recruiting agency", "Crescent Recruitment Agency"],
    ["Noor ul Huda Manpower Services", "noor ul huda manpower", "Noor ul Huda Manpower Services"],
    ["Ali & Sons Enterprises", "ali and sons enterprises", "Ali & Sons Enterprises"],
    ["Khan Consultants said the visa is ready", "khan consultants", "Khan Consultants"],
    ["Bright Future Consultants", "bright future consultants", "Bright Future Consultants"],
    ["Shaheen Enterprises, Faisalabad", "shaheen enterprises", "Shaheen Enterprises"],
    ["A.B. Travels", "ab travels", "A.B. Travels"],
    ["Karachi Sky Travels", "karachi sky travels", "Karachi Sky Travels"],
    ["the office of M/s Sky Travels", "sky travels", "Sky Travels"],
    ["(Sky Travels)", "sky travels", "Sky Travels"],
    ["“Sky Travels”", "sky travels", "Sky Travels"],
    ["We went to Lahore. Sky Travels was closed.", "sky travels", "Sky Travels"],
    [
      "Haji Pak Arab Gulf Star Travels (four words at most)",
      "pak arab gulf star travels",
      "Pak Arab Gulf Star Travels",
    ],
    // Roman Urdu
    ["Mujhe Sky Travels walon ne dhoka diya", "sky travels", "Sky Travels"],
    ["Kal Sky Travels gaya tha", "sky travels", "Sky Travels"],
    ["Bilal bhai ki Sky Travels se ticket li", "sky travels", "Sky Travels"],
    ["Madina Travels wale agent ne 3 lakh liye", "madina travels", "Madina Travels"],
    ["Usne Al Habib OEP ka naam liya", "al habib overseas employment promoters", "Al Habib OEP"],
    // Urdu
    ["اسکائی ٹریولز والوں نے پاسپورٹ رکھ لیا", "اسکائی ٹریولز", "اسکائی ٹریولز"],
    [
      "میرے بھائی کو الحبیب اوورسیز ایمپلائمنٹ پروموٹرز نے دبئی بھیجا",
      "الحبیب اوورسیز ایمپلائمنٹ پروموٹرز",
      "الحبیب اوورسیز ایمپلائمنٹ پروموٹرز",
    ],
    [
      "الحبیب اوورسیز ایمپلائمنٹ پروموٹرز (پرائیویٹ) لمیٹڈ",
      "الحبیب اوورسیز ایمپلائمنٹ پروموٹرز",
      "الحبیب اوورسیز ایمپلائمنٹ پروموٹرز (پرائیویٹ) لمیٹڈ",
    ],
    ["مدینہ ٹریول ایجنسی", "مدینہ ٹریولز", "مدینہ ٹریول ایجنسی"],
    ["لاہور کی مدینہ ٹریولز", "مدینہ ٹریولز", "مدینہ ٹریولز"],
    ["الفلاح ایجنسی کے ایجنٹ نے", "الفلاح ایجنسی", "الفلاح ایجنسی"],
    ["الفلاح ايجنسي (typed on an Arabic keyboard)", "الفلاح ایجنسی", "الفلاح ايجنسي"],
    ["زم زم اوورسیز والے", "زم زم اوورسیز", "زم زم اوورسیز"],
    ["شاہین انٹرپرائزز، فیصل آباد", "شاہین انٹرپرائزز", "شاہین انٹرپرائزز"],
    ["نور مین پاور کا دفتر", "نور مین پاور", "نور مین پاور"],
  ])("%s", (text, value, display) => {
    expect(ofKind("agency", text)).toEqual([{ kind: "agency", value, display }]);
  });

  test.each<[string, string]>([
    // No name, or a description rather than a name
    ["a travel agency in Lahore", "no name before the suffix"],
    ["The recruiting agency kept the money", "only a stop word before it"],
    ["Travels to Dubai are expensive", "nothing before it"],
    ["fake travels", "a lower-case suffix"],
    ["Fake Travels", "an adjective, not a name"],
    ["some Fake Recruiting Agency", "an adjective, not a name"],
    ["Dubai Travels", "a destination alone"],
    ["Lahore Travels", "a district alone"],
    ["Gulf Manpower", "a region alone"],
    ["Pak Gulf Manpower", "only generic words"],
    ["Visa Consultants", "a generic word alone"],
    ["Legal Consultants", "a generic word alone"],
    ["786 Travels", "a number alone"],
    // Verbs and common nouns that look like suffixes
    ["He travels to Dubai every month.", "a verb"],
    ["Ali travels a lot", "a verb"],
    ["They went overseas", "an adverb"],
    ["jobs Overseas", "a lower-case word before it"],
    ["sky travels ne mera passport rakh liya", "a name typed in lower case"],
    ["Sky travels", "a suffix typed in lower case"],
    ["Ministry of Overseas Pakistanis", "a ministry"],
    ["Overseas Pakistanis Foundation", "nothing before Overseas"],
    ["Bureau of Emigration and Overseas Employment", "a government bureau"],
    ["the Overseas Employment Corporation", "a government corporation"],
    ["a licensed OEP", "a description"],
    ["Licensed OEP", "a description"],
    ["Skytravels", "no separate suffix word"],
    ["info@skytravels.com", "inside an e-mail address"],
    // Urdu descriptions
    ["لاہور کی ایک ٹریول ایجنسی نے پیسے لیے", "a travel agency"],
    ["ایجنٹ کی ایجنسی", "the agent's agency"],
    ["سرکاری ایجنسی", "a government agency"],
    ["ویزا ایجنسی", "a visa agency"],
    ["دبئی ایجنسی", "a destination"],
    ["لاہور ایجنسی", "a district"],
    ["اس ایجنسی نے", "this agency"],
    ["دوسری ایجنسی", "another agency"],
    ["جعلی ایجنسی", "a fake agency"],
    ["ایف آئی اے ایجنسی", "the FIA"],
    ["بیرون ملک ایجنسی", "an agency abroad"],
    ["نوکری دلانے والی ایجنسی", "an agency that finds jobs"],
    ["وہ اوورسیز گیا", "he went abroad"],
    ["ایجنسی والوں نے", "nothing before it"],
  ])("%s is not an agency (%s)", (text) => {
    expect(ofKind("agency", text)).toEqual([]);
  });

  test("one name with two suffixes is one agency", () => {
    expect(ofKind("agency", "Sky Overseas Travels").map((agency) => agency.value)).toEqual(["sky overseas travels"]);
  });

  test("spellings of one agency share one link key", () => {
    const keys = [
      "Al-Habib Overseas Employment Promoters",
      "AL HABIB OEP",
      "Al Habib Overseas Employment Promoters (Pvt.) Ltd.",
      "Mujhe Al-Habib OEP walon ne bheja",
      "Al Habib Overseas Employment",
    ].map((text) => ofKind("agency", text).map(linkKey));
    expect(keys).toEqual(keys.map(() => ["agency:al habib overseas employment promoters"]));
  });
});

describe("extractIdentifiers", () => {
  test("finds every kind in one text, in order of appearance", () => {
    const text =
      "Agent Bilal of Sky Travels (0300-1234567, bilal@skytravels.pk) took my CNIC 35202-1234567-1 and said call the office 042-35712345.";
    expect(extractIdentifiers(text)).toEqual<Identifier[]>([
      { kind: "agency", value: "sky travels", display: "Sky Travels" },
      { kind: "phone", value: "+923001234567", display: "0300-1234567" },
      { kind: "email", value: "bilal@skytravels.pk", display: "bilal@skytravels.pk" },
      { kind: "cnic", value: "35202-1234567-1", display: "35202-1234567-1" },
      { kind: "phone", value: "+924235712345", display: "042-35712345" },
    ]);
  });

  test("an Urdu tip", () => {
    const text = "اسکائی ٹریولز کے ایجنٹ نے ۰۳۰۰-۱۲۳۴۵۶۷ سے فون کیا اور شناختی کارڈ ۳۵۲۰۲۱۲۳۴۵۶۷۱ مانگا۔";
    expect(extractIdentifiers(text)).toEqual<Identifier[]>([
      { kind: "agency", value: "اسکائی ٹریولز", display: "اسکائی ٹریولز" },
      { kind: "phone", value: "+923001234567", display: "۰۳۰۰-۱۲۳۴۵۶۷" },
      { kind: "cnic", value: "35202-1234567-1", display: "۳۵۲۰۲۱۲۳۴۵۶۷۱" },
    ]);
  });

  test("a Roman Urdu tip", () => {
    const text = "Madina Travels wale agent ka number +92 321 7654321 hai, email madina.travels@gmail.com";
    expect(extractIdentifiers(text).map(linkKey)).toEqual([
      "agency:madina travels",
      "phone:+923217654321",
      "email:madina.travels@gmail.com",
    ]);
  });

  test("the same identifier written differently appears once, as first written", () => {
    expect(extractIdentifiers("0300-1234567 ya +92 300 1234567 ya ۰۳۰۰۱۲۳۴۵۶۷; ALI@GMAIL.COM, ali@gmail.com")).toEqual([
      { kind: "phone", value: "+923001234567", display: "0300-1234567" },
      { kind: "email", value: "ali@gmail.com", display: "ALI@GMAIL.COM" },
    ]);
  });

  test("several texts are read in order, and missing ones are skipped", () => {
    expect(extractIdentifiers(undefined, "Sky Travels", null, "", "0300-1234567 and Sky Travels")).toEqual([
      { kind: "agency", value: "sky travels", display: "Sky Travels" },
      { kind: "phone", value: "+923001234567", display: "0300-1234567" },
    ]);
  });

  test("a match never runs from one text into the next", () => {
    expect(extractIdentifiers("0300", "1234567")).toEqual([]);
    expect(extractIdentifiers("Sky", "Travels")).toEqual([]);
  });

  test.each([[], [""], ["   "], [null, undefined], ["Nothing to link here, just a story."]])(
    "no identifiers in %j",
    (...texts) => {
      expect(extractIdentifiers(...texts)).toEqual([]);
    },
  );

  test("decomposed Urdu letters are read as their composed forms", () => {
    const decomposed = "مدینہ ٹریولز".normalize("NFD");
    expect(ofKind("agency", decomposed)[0]?.value).toBe("مدینہ ٹریولز".normalize("NFC"));
  });

  test("two tips that mention the same people share link keys", () => {
    const first = extractIdentifiers("Al-Habib Overseas Employment Promoters ke agent ka number 0300-1234567 hai");
    const second = extractIdentifiers("The agent (+92 300 1234567) works for AL HABIB OEP");
    const shared = first.map(linkKey).filter((key) => second.map(linkKey).includes(key));
    expect(shared.sort()).toEqual(["agency:al habib overseas employment promoters", "phone:+923001234567"]);
  });
});

test.each<[Identifier, string]>([
  [{ kind: "phone", value: "+923001234567", display: "0300-1234567" }, "phone:+923001234567"],
  [{ kind: "cnic", value: "35202-1234567-1", display: "3520212345671" }, "cnic:35202-1234567-1"],
  [{ kind: "email", value: "ali@gmail.com", display: "Ali@Gmail.com" }, "email:ali@gmail.com"],
  [{ kind: "agency", value: "sky travels", display: "Sky Travels" }, "agency:sky travels"],
])("linkKey(%j) is %s", (identifier, key) => {
  expect(linkKey(identifier)).toBe(key);
});

describe("the queue's search box (parseSearch): one normalisation with linked tips", () => {
  // Each query must give the very link key that the same identifier written inside a tip is indexed under.
  test.each<[string, IdentifierKind, string, string]>([
    ["+92 300 1234567", "phone", "+923001234567", "Agent ka number 0300-1234567 hai"],
    ["0300-1234567", "phone", "+923001234567", "WhatsApp +92 300 1234567"],
    ["03001234567", "phone", "+923001234567", "number: 0300 123 4567"],
    ["923001234567", "phone", "+923001234567", "Call 0300-1234567"],
    ["00923001234567", "phone", "+923001234567", "Call 0300-1234567"],
    ["(0300) 123 45 67", "phone", "+923001234567", "Call 0300-1234567"],
    ["۰۳۰۰۱۲۳۴۵۶۷", "phone", "+923001234567", "Call 0300-1234567"],
    ["۰۳۰۰-۱۲۳۴۵۶۷", "phone", "+923001234567", "ایجنٹ کا نمبر 03001234567 ہے"],
    ["+۹۲ ۳۰۰ ۱۲۳۴۵۶۷", "phone", "+923001234567", "Call 0300-1234567"],
    ["٠٣٠٠ ١٢٣ ٤٥٦٧", "phone", "+923001234567", "ایجنٹ کا نمبر ۰۳۰۰۱۲۳۴۵۶۷ ہے"],
    ["\u200e0300-1234567\u200f", "phone", "+923001234567", "Call 0300-1234567"],
    ["042-35712345", "phone", "+924235712345", "Office (042) 3571 2345"],
    ["3001234567", "phone", "+923001234567", "Call 0300-1234567"],
    ["300 123 4567", "phone", "+923001234567", "Call +92 300 1234567"],
    ["۳۰۰۱۲۳۴۵۶۷", "phone", "+923001234567", "Call 0300-1234567"],
    ["12345-1234567-1", "cnic", "12345-1234567-1", "CNIC 1234512345671"],
    ["1234512345671", "cnic", "12345-1234567-1", "CNIC 12345-1234567-1"],
    ["۱۲۳۴۵-۱۲۳۴۵۶۷-۱", "cnic", "12345-1234567-1", "CNIC 12345 1234567 1"],
    ["Ali.Recruiter@Example.com", "email", "ali.recruiter@example.com", "mail ali.recruiter@example.com now"],
    ["star travels", "agency", "star travels", "He works for Star Travels in Lahore"],
    [
      "Al Habib OEP",
      "agency",
      "al habib overseas employment promoters",
      "Al-Habib Overseas Employment Promoters (Pvt.) Ltd. took money",
    ],
    ["sky overseas employment promoters", "agency", "sky overseas employment promoters", "via Sky OEP"],
    ["اسٹار ٹریولز", "agency", "اسٹار ٹریولز", "وہ اسٹار ٹریولز سے آیا"],
  ])("%s is the %s %s, as in a tip that says %j", (query, kind, value, tipText) => {
    const parsed = parseSearch(query);
    expect(parsed && "identifier" in parsed ? parsed.identifier : null).toEqual({ kind, value });
    expect(extractIdentifiers(tipText).map(linkKey)).toContain(linkKey({ kind, value }));
  });

  test.each<[string, string]>([
    ["phone", "0300-1234567"],
    ["cnic", "12345-1234567-1"],
    ["email", "a@b.pk"],
    ["name", "Star Travels"],
  ])("the search kind for a %s", (kind, query) => {
    expect(parseSearch(query)?.kind).toBe(kind);
  });

  test.each<[string, string]>([
    ["AG-2026-000123", "AG-2026-000123"],
    ["ag-2026-000123", "AG-2026-000123"],
    [" AG-2026 ", "AG-2026"],
    ["AG-۲۰۲۶-۰۰۰۱۲۳", "AG-2026-000123"],
    ["000123", "000123"],
    ["2026-000123", "2026-000123"],
    // Too short for a phone: some digits of a reference, as the queue always took them.
    ["0300-12345", "0300-12345"],
  ])("%j is a case reference (%s)", (query, reference) => {
    expect(parseSearch(query)).toEqual({ kind: "reference", reference });
  });

  test.each<[string, "unrecognised" | "several"]>([
    ["hello", "unrecognised"],
    ["travels", "unrecognised"],
    ["Visa Travels", "unrecognised"],
    ["@@@", "unrecognised"],
    ["0300-1234567 and 0321-5550000", "several"],
    ["Star Travels 0300-1234567", "several"],
  ])("%j searches nothing (%s)", (query, problem) => {
    expect(parseSearch(query)).toEqual({ kind: "unrecognised", problem });
  });

  test("a bare mobile number is not taken from a tip (too ambiguous in free text): only the search box reads it", () => {
    expect(extractIdentifiers("Call 3001234567")).toEqual([]);
  });

  test.each(["", "   ", "\u200e\u200f", "\n\t"])("%j is no search at all", (query) => {
    expect(parseSearch(query)).toBeNull();
  });

  test("the same number written twice is one identifier, not several", () => {
    expect(parseSearch("0300-1234567 / +92 300 1234567")?.kind).toBe("phone");
  });
});
