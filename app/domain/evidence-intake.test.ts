import { describe, expect, it } from "vitest";
import { evidenceLimits } from "./evidence";
import { checkSubmittedFiles, type SubmittedFile } from "./evidence-intake";

const kept = (size: number): SubmittedFile => ({ size, bytes: new Uint8Array(0) });
const dropped = (size: number): SubmittedFile => ({ size, bytes: null });
const MB = 1024 * 1024;

describe("checkSubmittedFiles", () => {
  it.each<[string, SubmittedFile[], Parameters<typeof checkSubmittedFiles>[1], ReturnType<typeof checkSubmittedFiles>]>(
    [
      ["no files", [], { category: "child_exploitation" }, null],
      ["one photo", [kept(2 * MB)], { category: "fake_job_offer" }, null],
      [
        "any file in the child category",
        [kept(10)],
        { category: "child_exploitation" },
        { refusal: "imageInChildCategory", position: null },
      ],
      ["six files", Array.from({ length: 6 }, () => kept(10)), {}, { refusal: "tooManyFiles", position: null }],
      [
        "more than the tip holds",
        [kept(10), kept(10)],
        { alreadyOnTip: evidenceLimits.filesPerTip - 1 },
        { refusal: "tipFull", position: null },
      ],
      [
        "26 MB together",
        [kept(9 * MB), kept(9 * MB), kept(8 * MB)],
        {},
        { refusal: "submissionTooLarge", position: null },
      ],
      ["an empty second file", [kept(10), kept(0)], {}, { refusal: "empty", position: 2 }],
      [
        "a file over 10 MB",
        [kept(10), dropped(evidenceLimits.fileBytes + 1)],
        {},
        { refusal: "tooLarge", position: 2 },
      ],
      ["exactly 10 MB", [kept(evidenceLimits.fileBytes)], {}, null],
      ["a file whose bytes were not kept", [dropped(100)], {}, { refusal: "tooLarge", position: 1 }],
    ],
  )("%s", (_, files, context, expected) => {
    expect(checkSubmittedFiles(files, context)).toEqual(expected);
  });
});
