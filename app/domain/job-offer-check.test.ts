import { describe, expect, test } from "vitest";
import {
  assessJobOffer,
  jobCheckAnswersToSearchParams,
  jobCheckQuestionIds,
  jobCheckQuestions,
  parseJobCheckAnswers,
  type JobCheckAnswers,
} from "./job-offer-check";

// An offer with none of the warning signs. The channel is the one answer with no flag of its own.
const safeOffer: JobCheckAnswers = {
  under18: "no",
  fee: "none",
  passport: "me",
  visa: "work",
  contract: "yes",
  channel: "office_showed_licence",
  jobType: "construction_driving_factory",
  pay: "normal",
  advance: "no",
  marriage: "no",
};

function allCombinations(): JobCheckAnswers[] {
  let combinations: Partial<JobCheckAnswers>[] = [{}];
  for (const id of jobCheckQuestionIds) {
    combinations = combinations.flatMap((partial) =>
      jobCheckQuestions[id].map((option) => ({ ...partial, [id]: option })),
    );
  }
  return combinations as JobCheckAnswers[];
}

test("an offer with none of the warning signs is low risk with no flags", () => {
  expect(assessJobOffer(safeOffer)).toMatchObject({ risk: "low", flags: [], suggestedCategory: "fake_job_offer" });
});

describe("each serious sign on its own makes the offer high risk", () => {
  test.each<[Partial<JobCheckAnswers>, string]>([
    [{ passport: "agent_or_employer" }, "passport_held"],
    [{ advance: "yes" }, "advance_to_work_off"],
    [{ visa: "none" }, "no_visa"],
    [{ fee: "without_receipt" }, "fee_without_receipt"],
    [{ fee: "sub_agent" }, "fee_to_sub_agent"],
    [{ marriage: "yes" }, "job_with_marriage"],
    [{ jobType: "salon_dancer_hostess" }, "entertainment_job_abroad"],
    [{ under18: "yes", jobType: "domestic" }, "child_job_serious"],
    [{ under18: "yes", jobType: "farm_kiln_mine" }, "child_job_serious"],
  ])("%j flags %s", (change, flag) => {
    const result = assessJobOffer({ ...safeOffer, ...change });
    expect(result.risk).toBe("high");
    expect(result.flags).toEqual([{ id: flag, severity: "high" }]);
  });
});

describe("smaller signs are flagged and add up", () => {
  test.each<[Partial<JobCheckAnswers>, string, "medium" | "low", "medium" | "low"]>([
    [{ contract: "no" }, "no_contract", "medium", "medium"],
    [{ pay: "much_higher" }, "pay_too_good", "medium", "medium"],
    [{ channel: "phone_or_social_media" }, "offer_via_phone_or_social_media", "medium", "medium"],
    [{ channel: "stranger" }, "offer_from_stranger", "medium", "medium"],
    [{ visa: "unsure" }, "visa_unknown", "medium", "medium"],
    [{ visa: "visit" }, "visit_visa_for_work", "medium", "medium"],
    [{ fee: "unsure" }, "fee_unclear", "medium", "medium"],
    [{ under18: "yes" }, "child_job", "medium", "medium"],
    [{ fee: "with_receipt" }, "fee_paid", "low", "low"],
    [{ contract: "promised_later" }, "contract_later", "low", "low"],
    [{ passport: "unsure" }, "passport_unclear", "low", "low"],
    [{ channel: "friend_or_relative" }, "offer_via_acquaintance", "low", "low"],
  ])("%j flags %s (%s) with overall risk %s", (change, flag, severity, risk) => {
    const result = assessJobOffer({ ...safeOffer, ...change });
    expect(result.flags).toEqual([{ id: flag, severity }]);
    expect(result.risk).toBe(risk);
  });

  test("three medium signs together make the offer high risk", () => {
    const result = assessJobOffer({ ...safeOffer, contract: "no", pay: "much_higher", channel: "stranger" });
    expect(result.risk).toBe("high");
    expect(result.flags.map((flag) => flag.id)).toEqual(["no_contract", "pay_too_good", "offer_from_stranger"]);
  });

  test("one medium and one low sign make a medium risk", () => {
    expect(assessJobOffer({ ...safeOffer, contract: "no", fee: "with_receipt" }).risk).toBe("medium");
  });
});

describe("a job for someone under 18", () => {
  test.each<[string, Partial<JobCheckAnswers>]>([
    ["a fee with a receipt", { fee: "with_receipt" }],
    ["a fee without a receipt", { fee: "without_receipt" }],
    ["a fee to a sub-agent", { fee: "sub_agent" }],
    ["housework", { jobType: "domestic" }],
    ["a farm, kiln or mine", { jobType: "farm_kiln_mine" }],
    ["entertainment", { jobType: "salon_dancer_hostess", visa: "not_abroad" }],
  ])("with %s is a serious sign, and the report button suggests child exploitation", (_, change) => {
    const result = assessJobOffer({ ...safeOffer, under18: "yes", ...change });
    expect(result.risk).toBe("high");
    expect(result.flags[0]).toEqual({ id: "child_job_serious", severity: "high" });
    expect(result.flags.map((flag) => flag.id)).not.toContain("child_job");
    expect(result.suggestedCategory).toBe("child_exploitation");
  });

  test("the same answers for an adult are not the child flag", () => {
    const result = assessJobOffer({ ...safeOffer, jobType: "domestic", fee: "with_receipt" });
    expect(result.flags.map((flag) => flag.id)).toEqual(["fee_paid"]);
    expect(result.suggestedCategory).toBe("fake_job_offer");
  });

  test("a parent who pays an agent with a receipt, for a daughter's city maid job found through a relative, gets high risk", () => {
    // Before the under-18 question this offer came out "low": two small signs (a fee with a receipt, a relative).
    const result = assessJobOffer({
      under18: "yes",
      fee: "with_receipt",
      passport: "me",
      visa: "not_abroad",
      contract: "yes",
      channel: "friend_or_relative",
      jobType: "domestic",
      pay: "normal",
      advance: "no",
      marriage: "no",
    });
    expect(result.risk).toBe("high");
    expect(result.flags.map((flag) => flag.id)).toEqual(["child_job_serious", "fee_paid", "offer_via_acquaintance"]);
    expect(result.suggestedCategory).toBe("child_exploitation");
  });

  test("a child taken for housework against an advance is still suggested as child exploitation, not bonded labour", () => {
    const result = assessJobOffer({
      ...safeOffer,
      under18: "yes",
      jobType: "domestic",
      advance: "yes",
      visa: "not_abroad",
    });
    expect(result.suggestedCategory).toBe("child_exploitation");
  });
});

describe("an office that showed its government licence is neutral", () => {
  test("it adds no flag and a note that a licence is not proof", () => {
    expect(assessJobOffer(safeOffer)).toEqual({
      risk: "low",
      flags: [],
      notes: ["licence_not_proof"],
      suggestedCategory: "fake_job_offer",
    });
    expect(assessJobOffer({ ...safeOffer, channel: "stranger" }).notes).toEqual([]);
  });

  test("for every combination of the other answers it removes no flag and changes no category", () => {
    // Each other channel's only effect is its own flag: take that away and a licence must leave the rest as it is.
    const differences: unknown[] = [];
    for (const answers of allCombinations().filter((a) => a.channel === "office_showed_licence")) {
      const viaOffice = assessJobOffer(answers);
      const shown = JSON.stringify([viaOffice.flags, viaOffice.suggestedCategory]);
      for (const [channel, ownFlag] of [
        ["friend_or_relative", "offer_via_acquaintance"],
        ["stranger", "offer_from_stranger"],
        ["phone_or_social_media", "offer_via_phone_or_social_media"],
      ] as const) {
        const other = assessJobOffer({ ...answers, channel });
        const expected = JSON.stringify([other.flags.filter((flag) => flag.id !== ownFlag), other.suggestedCategory]);
        if (shown !== expected) differences.push({ answers, channel, shown, expected });
      }
    }
    expect(differences).toEqual([]);
  });
});

test("flags are listed most serious first", () => {
  const result = assessJobOffer({
    ...safeOffer,
    fee: "with_receipt",
    pay: "much_higher",
    passport: "agent_or_employer",
  });
  expect(result.flags.map((flag) => flag.severity)).toEqual(["high", "medium", "low"]);
});

test("a salon or dancer job inside Pakistan is not flagged as a job abroad", () => {
  const result = assessJobOffer({ ...safeOffer, visa: "not_abroad", jobType: "salon_dancer_hostess" });
  expect(result.flags).toEqual([]);
});

describe("the suggested report category follows the answers", () => {
  test.each<[Partial<JobCheckAnswers>, string]>([
    [{}, "fake_job_offer"],
    [{ marriage: "yes", visa: "none" }, "bride_trafficking"],
    [{ advance: "yes", visa: "not_abroad", jobType: "farm_kiln_mine" }, "bonded_labour"],
    [{ advance: "yes", visa: "work" }, "fake_job_offer"],
    [{ visa: "none" }, "migrant_smuggling"],
    [{ under18: "yes", jobType: "farm_kiln_mine", advance: "yes", visa: "not_abroad" }, "child_exploitation"],
    [{ under18: "yes", marriage: "yes", fee: "sub_agent" }, "child_exploitation"],
    [{ under18: "yes", jobType: "construction_driving_factory" }, "fake_job_offer"],
  ])("%j suggests %s", (change, category) => {
    expect(assessJobOffer({ ...safeOffer, ...change }).suggestedCategory).toBe(category);
  });
});

test("every possible combination of answers gets a result without throwing", () => {
  // 2*5*3*5*3*4*5*3*2*2 = 108,000 combinations: small enough to check them all.
  const combinations = allCombinations();
  expect(combinations).toHaveLength(108_000);
  const wrong: unknown[] = [];
  for (const answers of combinations) {
    const result = assessJobOffer(answers);
    if (!["high", "medium", "low"].includes(result.risk)) wrong.push({ answers, problem: "risk", result });
    if (result.flags.length === 0 && result.risk !== "low")
      wrong.push({ answers, problem: "risk without flags", result });
    if (answers.under18 === "yes" && !result.flags.some((flag) => flag.id.startsWith("child_job"))) {
      wrong.push({ answers, problem: "a child's job without the child flag", result });
    }
  }
  expect(wrong).toEqual([]);
});

test("answers survive a round trip through the result page's query string", () => {
  const parsed = parseJobCheckAnswers(jobCheckAnswersToSearchParams(safeOffer));
  expect(parsed.success && parsed.data).toEqual(safeOffer);
});

test("a missing or unknown answer is reported per question as an i18n key", () => {
  const params = jobCheckAnswersToSearchParams(safeOffer);
  params.delete("fee");
  params.set("visa", "tourist<script>");
  params.set("channel", "licensed_office");
  const parsed = parseJobCheckAnswers(params);
  expect(parsed.success).toBe(false);
  const messages = parsed.error?.issues.map((issue) => [issue.path.join("."), issue.message]);
  expect(messages).toEqual([
    ["fee", "errors.fee"],
    ["visa", "errors.visa"],
    ["channel", "errors.channel"],
  ]);
});
