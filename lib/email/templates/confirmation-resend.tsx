import { Button, Section, Text } from "@react-email/components";
import { EmailLayout, styles } from "./layout";

export interface ConfirmationResendEmailProps {
  username: string;
  confirmUrl: string;
  /** Already formatted for people, with its time zone. */
  expiresAt: string;
}

export function ConfirmationResendEmail({ username, confirmUrl, expiresAt }: ConfirmationResendEmailProps) {
  return (
    <EmailLayout preview="Confirm your email address to finish signing up" heading="Confirm your email address">
      <Text style={styles.text}>
        You signed up with the username <span style={styles.code}>{username}</span>, but the email address has not been confirmed yet, so the account has not
        been created. Use the link below to confirm it.
      </Text>
      <Section style={{ margin: "0 0 16px" }}>
        <Button href={confirmUrl} style={styles.button}>
          Confirm my email address
        </Button>
      </Section>
      <Text style={styles.text}>Or open this address: {confirmUrl}</Text>
      <Text style={styles.text}>This link works once and expires on {expiresAt}. Any earlier confirmation link stops working now.</Text>
      <Text style={styles.text}>If you did not sign up, you can ignore this email: no account will be created.</Text>
    </EmailLayout>
  );
}
