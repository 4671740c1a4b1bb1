// "No internet? Text REPORT to ..." on the get-help and report pages, only when SMS_NUMBER is set (issue 15).
// The number is isolated left-to-right (U+2066 ... U+2069) so that Urdu's right-to-left text keeps it in order.
export function SmsReportNote({
  number,
  text,
}: {
  number: string | null;
  text: (values: { number: string }) => string;
}) {
  if (!number) return null;
  return <p className="sms-report">{text({ number: `\u2066${number}\u2069` })}</p>;
}
