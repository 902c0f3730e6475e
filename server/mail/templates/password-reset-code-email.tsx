import { Text } from "@react-email/components";
import { bodyTextStyle, CodeBlock, EmailLayout } from "./layout";

export function PasswordResetCodeEmail({ name, code, expiresInMinutes }: { name: string; code: string; expiresInMinutes: number }) {
  return (
    <EmailLayout preview={`Your Marquee password reset code is ${code}`} heading="Reset your password">
      <Text style={bodyTextStyle}>Hi {name},</Text>
      <Text style={bodyTextStyle}>Someone asked to reset the password of your Marquee account. Enter this code to choose a new one:</Text>
      <CodeBlock code={code} />
      <Text style={bodyTextStyle}>
        It expires in {expiresInMinutes} minutes. Resetting your password signs you out on every device. If you
        didn&apos;t ask for this, ignore this email: your password stays as it is.
      </Text>
    </EmailLayout>
  );
}

export const passwordResetCodeSubject = (code: string) => `${code} is your Marquee password reset code`;
