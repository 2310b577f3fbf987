// The frame every customer email shares: the platform's name, one column, a footer that
// says why the customer got it. Inline styles only: mail clients drop <style> blocks.
import { Body, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

export const styles = {
  body: { backgroundColor: "#f4f5f7", fontFamily: "-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif", margin: 0, padding: "24px 0" },
  container: { backgroundColor: "#ffffff", borderRadius: "6px", margin: "0 auto", maxWidth: "560px", padding: "32px" },
  heading: { color: "#1a1f36", fontSize: "22px", fontWeight: 600, margin: "0 0 16px" },
  text: { color: "#3c4257", fontSize: "15px", lineHeight: "24px", margin: "0 0 16px" },
  button: {
    backgroundColor: "#1a5fd6",
    borderRadius: "4px",
    color: "#ffffff",
    display: "inline-block",
    fontSize: "15px",
    fontWeight: 600,
    padding: "12px 20px",
    textDecoration: "none",
  },
  warning: {
    backgroundColor: "#fff8e6",
    borderLeft: "4px solid #f5a623",
    color: "#3c4257",
    fontSize: "14px",
    lineHeight: "22px",
    margin: "0 0 16px",
    padding: "12px 16px",
  },
  code: { backgroundColor: "#f4f5f7", borderRadius: "4px", fontFamily: "Menlo, Consolas, monospace", fontSize: "15px", padding: "2px 6px" },
  footer: { color: "#8792a2", fontSize: "12px", lineHeight: "18px", margin: 0 },
} as const;

export function EmailLayout({ preview, heading, children }: { preview: string; heading: string; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading as="h1" style={styles.heading}>
            {heading}
          </Heading>
          {children}
          <Hr />
          <Section>
            <Text style={styles.footer}>
              You are receiving this email because someone contacted our support team about access to an account that uses this address. Our staff will never
              ask you for your password.
            </Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}
