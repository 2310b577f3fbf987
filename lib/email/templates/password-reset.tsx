import { Button, Section, Text } from "@react-email/components";
import { EmailLayout, styles } from "./layout";

export interface PasswordResetEmailProps {
  username: string;
  resetUrl: string;
  /** Already formatted for people, with its time zone. */
  expiresAt: string;
}

export function PasswordResetEmail({ username, resetUrl, expiresAt }: PasswordResetEmailProps) {
  return (
    <EmailLayout preview="Choose a new password for your account" heading="Reset your password">
      <Text style={styles.text}>Hello {username}, we received a request to reset the password of your account. Use the link below to choose a new one.</Text>
      <Section style={{ margin: "0 0 16px" }}>
        <Button href={resetUrl} style={styles.button}>
          Choose a new password
        </Button>
      </Section>
      <Text style={styles.text}>If the button does not work, copy this address into your browser: {resetUrl}</Text>
      <Text style={styles.text}>This link works once and expires on {expiresAt}.</Text>
      <Text style={styles.warning}>
        Before you change it: any API or SMTP integration that still signs in with your current password will stop sending as soon as the new password is set.
        Update the password in every application, server and script that uses it, right after the reset.
      </Text>
      <Text style={styles.text}>If you did not ask for a password reset, you can ignore this email: your password stays as it is.</Text>
    </EmailLayout>
  );
}
