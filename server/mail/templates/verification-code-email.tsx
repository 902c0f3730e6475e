import { Text } from "@react-email/components";
import { bodyTextStyle, CodeBlock, EmailLayout } from "./layout";

export function VerificationCodeEmail({ name, code, expiresInMinutes }: { name: string; code: string; expiresInMinutes: number }) {
  return (
    <EmailLayout preview={`Your Marquee verification code is ${code}`} heading="Confirm your email address">
      <Text style={bodyTextStyle}>Hi {name},</Text>
      <Text style={bodyTextStyle}>Enter this code to finish creating your Marquee account:</Text>
      <CodeBlock code={code} />
      <Text style={bodyTextStyle}>It expires in {expiresInMinutes} minutes. Never share it with anyone.</Text>
    </EmailLayout>
  );
}

export const verificationCodeSubject = (code: string) => `${code} is your Marquee verification code`;
