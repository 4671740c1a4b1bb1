import type { ReactNode } from "react";

/** A bulleted list of short texts, the way every page lists promises, reasons and next steps. */
export function TextList({ items }: { items: readonly ReactNode[] }) {
  return (
    <ul className="section__list">
      {items.map((item, index) => (
        <li key={index}>{item}</li>
      ))}
    </ul>
  );
}

/**
 * Who else is told about a tip (a vigilance committee, a provincial child protection unit), under its own
 * heading; nothing when nobody is. The reporter's receipt and the staff pages word each line differently.
 */
export function ReferralList<Referral>({
  heading,
  referrals,
  describe,
}: {
  heading: string;
  referrals: readonly Referral[];
  describe: (referral: Referral) => ReactNode;
}) {
  if (referrals.length === 0) return null;
  return (
    <>
      <h3>{heading}</h3>
      <TextList items={referrals.map(describe)} />
    </>
  );
}
