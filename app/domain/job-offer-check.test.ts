import { describe, expect, test } from "vitest";
import {
  assessJobOffer,
  jobCheckAnswersToSearchParams,
  jobCheckQuestionIds,
  jobCheckQuestions,
  parseJobCheckAnswers,
  type JobCheckAnswers,
} from "./job-offer-check";

const safeOffer: JobCheckAnswers = {
  fee: "none",
  passport: "me",
  visa: "work",
  contract: "yes",
  channel: "licensed_office",
  jobType: "construction_driving_factory",
  pay: "normal",
  advance: "no",
  marriage: "no",
};

test("an offer with none of the warning signs is low risk with no flags", () => {
  expect(assessJobOffer(safeOffer)).toEqual({ risk: "low", flags: [], suggestedCategory: "fake_job_offer" });
});

describe("each serious sign on its own makes the offer high risk", () => {
  test.each<[Partial<JobCheckAnswers>, string]>([
    [{ passport: "agent_or_employer" }, "passport_held"],
    [{ advance: "yes" }, "advance_to_work_off"],
    [{ visa: "none" }, "no_visa"],
    [{ visa: "visit" }, "visit_visa_for_work"],
    [{ fee: "without_receipt" }, "fee_without_receipt"],
    [{ marriage: "yes" }, "job_with_marriage"],
    [{ jobType: "salon_dancer_hostess" }, "entertainment_job_abroad"],
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

test("flags are listed most serious first", () => {
  const result = assessJobOffer({ ...safeOffer, fee: "with_receipt", pay: "much_higher", passport: "agent_or_employer" });
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
  ])("%j suggests %s", (change, category) => {
    expect(assessJobOffer({ ...safeOffer, ...change }).suggestedCategory).toBe(category);
  });
});

test("every possible combination of answers gets a result without throwing", () => {
  // 4*3*5*3*4*5*3*2*2 = 43,200 combinations: small enough to check them all.
  let combinations: Partial<JobCheckAnswers>[] = [{}];
  for (const id of jobCheckQuestionIds) {
    combinations = combinations.flatMap((partial) =>
      jobCheckQuestions[id].map((option) => ({ ...partial, [id]: option })),
    );
  }
  expect(combinations).toHaveLength(43_200);
  for (const answers of combinations) {
    const result = assessJobOffer(answers as JobCheckAnswers);
    expect(["high", "medium", "low"]).toContain(result.risk);
    if (result.flags.length === 0) expect(result.risk).toBe("low");
  }
});

test("answers survive a round trip through the result page's query string", () => {
  const parsed = parseJobCheckAnswers(jobCheckAnswersToSearchParams(safeOffer));
  expect(parsed.success && parsed.data).toEqual(safeOffer);
});

test("a missing or unknown answer is reported per question as an i18n key", () => {
  const params = jobCheckAnswersToSearchParams(safeOffer);
  params.delete("fee");
  params.set("visa", "tourist<script>");
  const parsed = parseJobCheckAnswers(params);
  expect(parsed.success).toBe(false);
  const messages = parsed.error?.issues.map((issue) => [issue.path.join("."), issue.message]);
  expect(messages).toEqual([
    ["fee", "errors.fee"],
    ["visa", "errors.visa"],
  ]);
});
