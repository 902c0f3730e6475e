import { Text } from "@react-email/components";
import { LinkButton } from "./booking-parts";
import { bodyTextStyle, CodeBlock, EmailLayout } from "./layout";

/** To someone an admin added as staff: the code (a password reset code) and the page where they choose a password. */
export function StaffInvitationEmail({
  name,
  invitedBy,
  roleName,
  code,
  setPasswordUrl,
  expiresInMinutes,
}: {
  name: string;
  invitedBy: string;
  roleName: string;
  code: string;
  setPasswordUrl: string;
  expiresInMinutes: number;
}) {
  return (
    <EmailLayout preview={`Your Marquee code to set your password is ${code}`} heading="Set your Marquee password">
      <Text style={bodyTextStyle}>Hi {name},</Text>
      <Text style={bodyTextStyle}>
        {invitedBy} has given you a Marquee account as {roleName}. Choose your password with this code:
      </Text>
      <CodeBlock code={code} />
      <LinkButton href={setPasswordUrl}>Set your password</LinkButton>
      <Text style={bodyTextStyle}>
        The code expires in {expiresInMinutes} minutes. If it has expired, choose &quot;Forgot your password?&quot; on the
        sign-in page to get a new one.
      </Text>
    </EmailLayout>
  );
}

export const staffInvitationSubject = (code: string) => `${code} is your code to set your Marquee password`;
