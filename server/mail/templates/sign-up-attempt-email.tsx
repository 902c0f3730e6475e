import { Text } from "@react-email/components";
import { LinkButton } from "./booking-parts";
import { bodyTextStyle, EmailLayout } from "./layout";

/**
 * To the owner of an address someone tried to sign up with. Sign-up answers a taken address exactly as a new one
 * ("check your email"), so this message is how the person who typed it, if it was the owner, finds out.
 */
export function SignUpAttemptEmail({ name, signInUrl, resetUrl }: { name: string; signInUrl: string; resetUrl: string }) {
  return (
    <EmailLayout preview="Someone tried to create a Marquee account with your email address" heading="You already have an account">
      <Text style={bodyTextStyle}>Hi {name},</Text>
      <Text style={bodyTextStyle}>
        Someone just tried to create a new Marquee account with this email address, which already has one. No new
        account was made and nothing about yours has changed.
      </Text>
      <Text style={bodyTextStyle}>If it was you, sign in with your password, or choose a new one if you&apos;ve forgotten it.</Text>
      <LinkButton href={signInUrl}>Sign in</LinkButton>
      <Text style={bodyTextStyle}>
        Forgotten your password? <a href={resetUrl}>Reset it here</a>. If it wasn&apos;t you, you can ignore this email.
      </Text>
    </EmailLayout>
  );
}

export const signUpAttemptSubject = "Someone tried to sign up with your email address";
