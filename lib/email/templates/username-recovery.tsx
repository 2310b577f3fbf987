import { Button, Section, Text } from "@react-email/components";
import { EmailLayout, styles } from "./layout";

export interface UsernameRecoveryEmailProps {
  username: string;
  signInUrl: string;
}

export function UsernameRecoveryEmail({ username, signInUrl }: UsernameRecoveryEmailProps) {
  return (
    <EmailLayout preview="The username of your account" heading="Your username">
      <Text style={styles.text}>You asked us for the username of the account registered to this email address. It is:</Text>
      <Text style={styles.text}>
        <span style={styles.code}>{username}</span>
      </Text>
      <Section style={{ margin: "0 0 16px" }}>
        <Button href={signInUrl} style={styles.button}>
          Sign in
        </Button>
      </Section>
      <Text style={styles.text}>Or open this address: {signInUrl}</Text>
      <Text style={styles.text}>If you did not ask for your username, you can ignore this email: nothing about your account has changed.</Text>
    </EmailLayout>
  );
}
